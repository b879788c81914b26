import Foundation
import SwitchyardCore
import SwitchyardProviders
import Testing

/// Loads the golden files under `Fixtures/openai` and runs SSE transcripts through decoders.
enum OpenAIFixture {
    static func bytes(_ name: String, _ fileExtension: String) throws -> [UInt8] {
        let url = try #require(
            Bundle.module.url(forResource: name, withExtension: fileExtension, subdirectory: "Fixtures/openai"),
            "missing fixture \(name).\(fileExtension)"
        )
        return Array(try Data(contentsOf: url))
    }

    static func json(_ name: String) throws -> JSONValue {
        try parse(bytes: try bytes(name, "json"))
    }

    /// Parses JSON text written in a test.
    static func parse(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: text)
    }

    static func parse(bytes: [UInt8]) throws -> JSONValue {
        try JSONValue(parsing: String(decoding: bytes, as: UTF8.self))
    }

    static func events(in bytes: [UInt8]) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        return parser.feed(bytes) + parser.finish()
    }

    /// Decodes a whole SSE transcript, `finish()` included.
    static func decode(_ bytes: [UInt8], flavor: OpenAI.Flavor = .openAI) throws -> [StreamEvent] {
        var decoder = OpenAI.ChatCompletionsStreamDecoder(flavor: flavor)
        var events: [StreamEvent] = []
        for event in Self.events(in: bytes) {
            events += try decoder.decode(event)
        }
        return events + (try decoder.finish())
    }

    /// Decodes a transcript given as `data:` payloads.
    static func decode(payloads: [String], flavor: OpenAI.Flavor = .openAI) throws -> [StreamEvent] {
        try decode(Array(payloads.map { "data: \($0)\n\n" }.joined().utf8), flavor: flavor)
    }
}
