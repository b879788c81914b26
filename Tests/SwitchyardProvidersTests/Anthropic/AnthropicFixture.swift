import Foundation
import SwitchyardCore
import SwitchyardProviders
import Testing

/// Loads the golden files under `Fixtures/anthropic`.
enum AnthropicFixture {
    static func bytes(_ name: String, _ fileExtension: String) throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: fileExtension, subdirectory: "Fixtures/anthropic"),
            "missing fixture \(name).\(fileExtension)"
        )
        return Array(try Data(contentsOf: url))
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONValue(parsing: String(decoding: try bytes(name, "json"), as: UTF8.self))
    }

    static func events(_ name: String) throws -> [ServerSentEvent] {
        try parseEvents(bytes(name, "sse"))
    }

    static func parseEvents(_ bytes: [UInt8]) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        return parser.feed(bytes) + parser.finish()
    }

    /// An SSE event as (name, parsed JSON data), for semantic comparison.
    static func semantic(_ events: [ServerSentEvent]) throws -> [Pair] {
        try events.map { Pair(event: $0.event, data: try JSONValue(parsing: $0.data)) }
    }

    /// Parses JSON text written in a test.
    static func parse(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: text)
    }

    /// Parses UTF-8 JSON bytes.
    static func parse(bytes: [UInt8]) throws -> JSONValue {
        try JSONValue(parsing: String(decoding: bytes, as: UTF8.self))
    }

    struct Pair: Hashable {
        var event: String?
        var data: JSONValue
    }
}
