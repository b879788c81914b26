import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardProviders

@Suite("OpenAI chat completion request, scanned")
struct OpenAIChatCompletionRequestScanningTests {
    private func decoded(_ text: String) throws -> OpenAI.ChatCompletionRequest {
        try WireJSON.decodeRequest(OpenAI.ChatCompletionRequest.self, from: Array(text.utf8))
    }

    private func decodedByJSONDecoder(_ text: String) throws -> OpenAI.ChatCompletionRequest {
        try JSONDecoder().decode(OpenAI.ChatCompletionRequest.self, from: Data(text.utf8))
    }

    private func scanned(_ text: String) -> OpenAI.ChatCompletionRequest? {
        OpenAI.ChatCompletionRequest(scanning: Array(text.utf8))
    }

    @Test func theFixturesReadAsTheGeneralReadingReadsThem() throws {
        var scannedCount = 0
        for fixture in ["inbound-request-minimal", "inbound-request-tool-round-trip", "inbound-request-json-schema", "request-upstream-tools"] {
            let text = String(decoding: try OpenAIFixture.bytes(fixture, "json"), as: UTF8.self)
            guard let reading = scanned(text) else { continue }
            #expect(reading == (try decoded(text)), "\(fixture)")
            scannedCount += 1
        }
        #expect(scannedCount == 4, "plain, multimodal, tool-calling and structured-output requests take the scanned path")
    }

    @Test func everyFieldItReadsReadsAsTheGeneralReadingAndJSONDecoderReadThem() throws {
        let requests = [
            #"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#,
            #"{"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"developer","content":"d","name":"n"},{"role":"user","content":"a\u00e9\"b\n"}],"max_tokens":64,"temperature":0.7,"top_p":1,"stream":true,"stream_options":{"include_usage":true},"user":"u","n":1}"#,
            #"{"model":"m","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},{"role":"tool","tool_call_id":"call_1","content":"42"}],"tools":[{"type":"function","function":{"name":"f","description":"d","parameters":{"type":"object","properties":{"a":{"type":"integer","minimum":0.5}},"required":["a"]},"strict":true}}],"tool_choice":"required","parallel_tool_calls":false}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"function","function":{"name":"f"}},"tools":[{"type":"function","function":{"name":"f"}},{"type":"function","function":null}],"stop":["END","%%%"],"metadata":{"a":"b","c":"d"},"reasoning_effort":"low","max_completion_tokens":5}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x","refusal":null,"name":null}],"stop":"END","tools":null,"tool_choice":null,"parallel_tool_calls":null,"max_tokens":null,"temperature":null,"top_p":null,"stream":null,"stream_options":null,"user":null,"metadata":null,"n":null,"reasoning_effort":null}"#,
            #"{"messages":[{"content":"x","role":"user"}],"model":"m","stream_options":{"include_usage":null,"x":1},"stop":null,"temperature":2,"top_p":0.000001}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"text","json_schema":null}}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":null}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"json_schema":{"strict":true,"name":"n","description":null,"schema":{"type":"object","additionalProperties":false}},"type":"json_schema"}}"#,
            #"{"model":"m","messages":[{"role":"user","content":[{"text":"t","type":"text","x":1},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA==","detail":null}},{"type":"image_url","image_url":{"detail":"low","url":"https://x/y.png"}}]},{"role":"assistant","content":[{"type":"refusal","refusal":"no"}]},{"role":"user","content":[]}]}"#,
            // Unknown fields of every kind are skipped, at every level; a key may be written with escapes.
            #"{"model":"m","seed":1,"logprobs":true,"x":[true,false,null,-1.5e3,{"y":"z"}],"messages":[{"role":"user","content":"x","extra":{"a":[1]}}],"tools":[{"type":"function","function":{"name":"f","x":1},"y":2}],"stream_options":{"z":[]},"\u006d\u0061x_tokens":3}"#,
            #"{"model":"m","x":1,"x":"repeated unknown fields are ignored","messages":[{"role":"user","content":"x"}]}"#,
        ]
        for request in requests {
            let reading = try #require(scanned(request), "\(request)")
            #expect(reading == (try decoded(request)), "\(request)")
            #expect(reading == (try decodedByJSONDecoder(request)), "\(request)")
        }
    }

    @Test func leavesOtherPartsOtherTypesAndMalformedTextToTheGeneralReading() {
        let requests = [
            // What the scanned path does not read.
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AA==","format":"wav"}}]}]}"#,
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"text"}]}]}"#,
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"detail":"low"}}]}]}"#,
            #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a","text":"b"}]}]}"#,
            #"{"model":"m","messages":[{"role":"user","content":7}]}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema"}}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"schema":{}}}}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"grammar"}}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"json_schema":{"name":"n"}}}"#,
            #"{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":{"a":1}}}]}]}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f","parameters":{"maximum":2.0}}}]}"#,
            // Missing, null or unknown required values.
            #"{"messages":[{"role":"user","content":"x"}]}"#,
            #"{"model":null,"messages":[{"role":"user","content":"x"}]}"#,
            #"{"model":"m"}"#,
            #"{"model":"m","messages":null}"#,
            #"{"model":"m","messages":[{"content":"x"}]}"#,
            #"{"model":"m","messages":[{"role":"narrator","content":"x"}]}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"function":{"name":"f"}}]}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"description":"no name"}}]}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":"sometimes"}"#,
            #"{"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"web_search"}}"#,
            // Other types.
            #"{"model":7,"messages":[]}"#,
            #"{"model":"m","messages":{}}"#,
            #"{"model":"m","messages":[],"max_tokens":64.0}"#,
            #"{"model":"m","messages":[],"max_tokens":"64"}"#,
            #"{"model":"m","messages":[],"temperature":"0.7"}"#,
            #"{"model":"m","messages":[],"stream":1}"#,
            #"{"model":"m","messages":[],"stop":[null]}"#,
            #"{"model":"m","messages":[],"stop":7}"#,
            #"{"model":"m","messages":[],"metadata":{"a":1}}"#,
            #"{"model":"m","messages":[],"metadata":{"a":"b","a":"c"}}"#,
            #"{"model":"m","messages":[null]}"#,
            // Not JSON, or not one object.
            #"{"model":"m","messages":[]"#,
            #"[{"model":"m","messages":[]}]"#,
            #"{"model":"m","messages":[]} x"#,
            #"{"model":"m","x":"\ud800","messages":[]}"#,
            // A known field given twice: JSONDecoder keeps the first, and says so itself.
            #"{"model":"m","model":"n","messages":[]}"#,
            #"{"model":"m","messages":[{"role":"user","content":"a","content":"b"}]}"#,
        ]
        for request in requests {
            #expect(scanned(request) == nil, "\(request)")
        }
    }
}
