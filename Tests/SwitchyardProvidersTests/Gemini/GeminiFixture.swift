import Foundation
import SwitchyardCore
import Testing

/// Loads the golden files under `Fixtures/gemini`.
enum GeminiFixture {
    static func bytes(_ name: String, extension fileExtension: String = "json") throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: fileExtension, subdirectory: "Fixtures/gemini"),
            "missing fixture \(name).\(fileExtension)"
        )
        return Array(try Data(contentsOf: url))
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONValue(parsing: String(decoding: bytes(name), as: UTF8.self))
    }

    /// The body of an upstream request, parsed so it compares semantically (key order and spacing aside).
    static func body(of request: UpstreamHTTPRequest) throws -> JSONValue {
        try JSONValue(parsing: String(decoding: request.body, as: UTF8.self))
    }
}
