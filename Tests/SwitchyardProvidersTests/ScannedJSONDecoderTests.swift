import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardProviders

@Suite("Scanned JSON decoding")
struct ScannedJSONDecoderTests {
    /// Decodes `bytes` on the scanned path, `nil` when it leaves them to `JSONDecoder`.
    private func scanned<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) -> T? {
        guard let value = JSONValue(scanning: bytes) else { return nil }
        return try? ScannedJSONDecoder.decode(type, from: value)
    }

    private func foundation<T: Decodable>(_ type: T.Type, _ bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    /// Checks that each fixture takes the scanned path and decodes to what `JSONDecoder` gives.
    private func expectSameReading<T: Decodable & Equatable>(_ type: T.Type, _ directory: String, _ names: [String]) throws {
        for name in names {
            let bytes = try WireFixtures.bytes(directory, name)
            let reading = try #require(scanned(type, bytes), "\(directory)/\(name) did not take the scanned path")
            #expect(reading == (try foundation(type, bytes)), "\(directory)/\(name)")
        }
    }

    @Test func requestsAndAnswersOfTheFixturesDecodeAsJSONDecoderDecodesThem() throws {
        for group in WireFixtures.all {
            try expectSameReading(group.type, group.directory, group.names)
        }
    }

    @Test func numbersJSONDecoderReadsDifferentlyAreLeftToIt() throws {
        // An integer field written `64.0`, and a tool schema with `1e2` (an integer to JSONDecoder, a double here).
        let body = #"{"model":"m","max_tokens":64.0,"messages":[{"role":"user","content":"hi"}]}"#
        #expect(scanned(OpenAI.ChatCompletionRequest.self, Array(body.utf8)) == nil)
        #expect(scanned(JSONValue.self, Array(#"{"maximum":1e2}"#.utf8)) == nil)
        #expect(scanned(JSONValue.self, Array(#"{"maximum":1.5,"minimum":-3}"#.utf8)) == .object(["maximum": .double(1.5), "minimum": .int(-3)]))
    }

    @Test func whatJSONDecoderRefusesIsRefusedWithItsErrorThroughWireJSON() throws {
        let body = #"{"model":"m","messages":[{"role":"user","content":7}]}"#
        #expect(scanned(OpenAI.ChatCompletionRequest.self, Array(body.utf8)) == nil)
        #expect(throws: SwitchyardError.self) { try WireJSON.decodeRequest(OpenAI.ChatCompletionRequest.self, from: Array(body.utf8)) }
        let missing = #"{"messages":[{"role":"user","content":"hi"}]}"#
        let error = try #require(throws: SwitchyardError.self) { try WireJSON.decodeRequest(OpenAI.ChatCompletionRequest.self, from: Array(missing.utf8)) }
        #expect(error.message == "Missing required field `model`.")
    }

    @Test func aRequestThatIsNotUTF8IsRefusedAsSuch() throws {
        for invalid: [UInt8] in [[0xC3, 0x28], [0xED, 0xA0, 0x80], [0xFF]] {
            let body = Array(#"{"model":"m","messages":[{"role":"user","content":""#.utf8) + invalid + Array(#""}]}"#.utf8)
            let error = try #require(throws: SwitchyardError.self) { try WireJSON.decodeRequest(OpenAI.ChatCompletionRequest.self, from: body) }
            #expect(error.code == .invalidRequest)
            #expect(error.message == "The body is not valid UTF-8.")
        }
        let accented = #"{"model":"m","messages":[{"role":"user","content":"héllo ✓"}]}"#
        let request = try WireJSON.decodeRequest(OpenAI.ChatCompletionRequest.self, from: Array(accented.utf8))
        #expect(request == (try foundation(OpenAI.ChatCompletionRequest.self, Array(accented.utf8))))
    }
}
