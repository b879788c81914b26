import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardProviders

@Suite("Anthropic message, scanned")
struct AnthropicMessageScanningTests {
    private func decoded(_ text: String) throws -> Anthropic.Message {
        try WireJSON.decodeUpstream(Anthropic.Message.self, from: Array(text.utf8), what: "message")
    }

    private func decodedByJSONDecoder(_ text: String) throws -> Anthropic.Message {
        try JSONDecoder().decode(Anthropic.Message.self, from: Data(text.utf8))
    }

    private func scanned(_ text: String) -> Anthropic.Message? {
        Anthropic.Message(scanning: Array(text.utf8))
    }

    @Test func theFixturesReadAsTheGeneralReadingReadsThem() throws {
        for fixture in ["response-cache-usage", "response-thinking", "response-encoded"] {
            let text = String(decoding: try AnthropicFixture.bytes(fixture, "json"), as: UTF8.self)
            let reading = try #require(scanned(text), "\(fixture)")
            #expect(reading == (try decoded(text)), "\(fixture)")
        }
    }

    @Test func everyFieldItReadsReadsAsTheGeneralReadingAndJSONDecoderReadThem() throws {
        let messages = [
            #"{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":"hi"}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":2}}"#,
            #"{"usage":{"output_tokens":2,"input_tokens":1,"cache_creation_input_tokens":null,"cache_read_input_tokens":5,"cache_creation":null},"content":[],"model":"m","role":"assistant","type":"message","id":"msg_2"}"#,
            #"{"id":"msg_3","type":"message","role":"assistant","model":"m","content":[{"type":"thinking","thinking":"t","signature":"s"},{"type":"redacted_thinking","data":"d"},{"type":"text","text":"a","citations":[{"type":"char_location","cited_text":"x"}]},{"type":"tool_use","id":"toolu_1","name":"f","input":{"a":[1,"b",null,true]}}],"stop_reason":"tool_use","stop_sequence":"END","usage":{"input_tokens":1,"output_tokens":2,"cache_creation":{"ephemeral_5m_input_tokens":3,"ephemeral_1h_input_tokens":null},"service_tier":"standard","server_tool_use":null},"container":null}"#,
            #"{"i\u0064":"msg_4","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":0,"output_tokens":0},"x":1,"x":[]}"#,
        ]
        for message in messages {
            let reading = try #require(scanned(message), "\(message)")
            #expect(reading == (try decoded(message)), "\(message)")
            #expect(reading == (try decodedByJSONDecoder(message)), "\(message)")
        }
    }

    @Test func leavesOtherBlocksMissingFieldsAndMalformedTextToTheGeneralReading() {
        let messages = [
            #"{"id":"m","type":"message","role":"assistant","model":"m","content":[{"type":"server_tool_use","id":"s","name":"web_search","input":{}}],"usage":{"input_tokens":1,"output_tokens":2}}"#,
            #"{"id":"m","type":"message","role":"assistant","model":"m","content":[{"type":"tool_use","id":"t","name":"f","input":{"a":1.0}}],"usage":{"input_tokens":1,"output_tokens":2}}"#,
            #"{"type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":1,"output_tokens":2}}"#,
            #"{"id":"m","type":"message","role":"assistant","model":"m","content":[]}"#,
            #"{"id":"m","type":"message","role":"assistant","model":"m","content":null,"usage":{"input_tokens":1,"output_tokens":2}}"#,
            #"{"id":"m","type":"message","role":"assistant","model":"m","content":[],"usage":{"output_tokens":2}}"#,
            #"{"id":"m","type":"message","role":"assistant","model":"m","content":[],"usage":null}"#,
            #"{"id":"m","type":"message","role":"system","model":"m","content":[],"usage":{"input_tokens":1,"output_tokens":2}}"#,
            #"{"id":"m","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":"1","output_tokens":2}}"#,
            #"{"id":"m","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":1,"output_tokens":2}} x"#,
            #"{"id":"m","id":"n","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":1,"output_tokens":2}}"#,
            #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
        ]
        for message in messages {
            #expect(scanned(message) == nil, "\(message)")
        }
    }
}
