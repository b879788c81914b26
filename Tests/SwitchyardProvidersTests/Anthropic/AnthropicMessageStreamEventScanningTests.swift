import SwitchyardCore
import Testing

@testable import SwitchyardProviders

@Suite("Anthropic stream event, scanned")
struct AnthropicMessageStreamEventScanningTests {
    private func decoded(_ text: String) throws -> Anthropic.MessageStreamEvent {
        try WireJSON.decodeUpstream(Anthropic.MessageStreamEvent.self, from: Array(text.utf8), what: "stream event")
    }

    private func scanned(_ text: String) -> Anthropic.MessageStreamEvent? {
        Anthropic.MessageStreamEvent(scanning: text.utf8)
    }

    @Test func everyEventOfTheFixturesThatIsScannedReadsAsJSONDecoderReadsIt() throws {
        var scannedCount = 0
        for fixture in ["stream-encoded", "stream-thinking-text-tool", "stream-error-overloaded"] {
            for event in try AnthropicFixture.events(fixture) {
                guard let reading = scanned(event.data) else { continue }
                #expect(reading == (try decoded(event.data)), "\(fixture): \(event.data)")
                scannedCount += 1
            }
        }
        #expect(scannedCount >= 10, "the fragments take the scanned path")
    }

    @Test func fragmentsStopsAndKeepAlivesAreScanned() throws {
        let events = [
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi \"there\"\n"}}"#,
            #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"q\":"}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Plan."}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQB"}}"#,
            #"{"type":"content_block_stop","index":1}"#,
            #"{"type":"ping"}"#,
            #"{"type":"message_stop","extra":{"ignored":true}}"#,
            // Fields in any order, unknown ones of every kind skipped.
            #"{"delta":{"text":"later","type":"text_delta","x":[1,{"y":null}]},"index":3,"type":"content_block_delta"}"#,
            #"{"index":0,"type":"content_block_stop","x":"\u00e9","x":2}"#,
        ]
        for event in events {
            let reading = try #require(scanned(event), "\(event)")
            #expect(reading == (try decoded(event)), "\(event)")
        }
    }

    @Test func leavesOtherEventsOtherTypesAndMalformedTextToJSONDecoder() {
        let events = [
            #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"usage":{"input_tokens":1,"output_tokens":1}}}"#,
            #"{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":5}}"#,
            #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{}}}"#,
            #"{"type":"content_block_delta","index":"0","delta":{"type":"text_delta","text":"x"}}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":null}}"#,
            #"{"type":"content_block_stop","index":1.5}"#,
            #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
            #"{"type":"content_block_stop","index":1"#,
            #"{"type":"content_block_stop"}"#,
            #"{"type":"content_block_delta","index":0}"#,
            #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","text":"b"}}"#,
            #"{"type":"ping","type":"message_stop"}"#,
            #"{"type":"ping"} {}"#,
        ]
        for event in events {
            #expect(scanned(event) == nil, "\(event)")
        }
    }
}
