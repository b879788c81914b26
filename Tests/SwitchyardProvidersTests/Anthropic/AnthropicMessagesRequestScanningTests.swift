import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardProviders

@Suite("Anthropic messages request, scanned")
struct AnthropicMessagesRequestScanningTests {
    private func decoded(_ text: String) throws -> Anthropic.MessagesRequest {
        try WireJSON.decodeRequest(Anthropic.MessagesRequest.self, from: Array(text.utf8))
    }

    private func decodedByJSONDecoder(_ text: String) throws -> Anthropic.MessagesRequest {
        try JSONDecoder().decode(Anthropic.MessagesRequest.self, from: Data(text.utf8))
    }

    private func scanned(_ text: String) -> Anthropic.MessagesRequest? {
        Anthropic.MessagesRequest(scanning: Array(text.utf8))
    }

    @Test func theFixturesReadAsTheGeneralReadingReadsThem() throws {
        for fixture in ["inbound-request-blocks", "inbound-request-string-system", "request-out"] {
            let text = String(decoding: try AnthropicFixture.bytes(fixture, "json"), as: UTF8.self)
            let reading = try #require(scanned(text), "\(fixture)")
            #expect(reading == (try decoded(text)), "\(fixture)")
        }
    }

    @Test func everyFieldItReadsReadsAsTheGeneralReadingAndJSONDecoderReadThem() throws {
        let requests = [
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}"#,
            #"{"messages":[{"content":"hi","role":"user"}],"max_tokens":1,"model":"m","system":"be brief","temperature":0.5,"top_p":1,"top_k":5,"stream":true,"stop_sequences":["END"],"metadata":{"user_id":"u"},"thinking":{"type":"enabled","budget_tokens":2048}}"#,
            #"{"model":"m","max_tokens":64,"system":[{"type":"text","text":"a","cache_control":{"type":"ephemeral"}},{"text":"b","type":"text","cache_control":{"type":"ephemeral","ttl":"1h"}}],"messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AA=="}},{"type":"image","source":{"type":"url","url":"https://x/y.png"},"cache_control":null}]}]}"#,
            #"{"model":"m","max_tokens":64,"tools":[{"name":"get_weather","description":"d","input_schema":{"type":"object","properties":{"city":{"type":"string"},"n":{"type":"number","minimum":0.5}},"required":["city"]},"cache_control":{"type":"ephemeral","ttl":"5m"}}],"tool_choice":{"type":"tool","name":"get_weather","disable_parallel_tool_use":true},"messages":[{"role":"user","content":"w?"},{"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"redacted_thinking","data":"xyz"},{"type":"text","text":"calling"},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris","days":[1,2]}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"sunny","is_error":false},{"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"r"}]},{"type":"tool_result","tool_use_id":"toolu_3"}]}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"t","name":"n","input":null},{"type":"thinking","thinking":"t","signature":null}]}],"system":null,"tools":null,"tool_choice":null,"stop_sequences":null,"temperature":null,"top_p":null,"top_k":null,"stream":null,"thinking":{"type":"disabled"},"metadata":null}"#,
            // Unknown fields of every kind are skipped, at every level; a key may be written with escapes.
            #"{"model":"m","max_tokens":64,"service_tier":"auto","x":[true,false,null,-1.5e3,{"y":"z"}],"messages":[{"role":"user","content":[{"type":"text","text":"t","citations":[{"a":1}]}],"extra":1}],"tools":[{"name":"n","input_schema":{},"type":"custom"}],"metadata":{"other":1},"thinking":{"type":"disabled","budget_tokens":null},"\u0074op_k":1}"#,
            #"{"model":"m","max_tokens":64,"x":1,"x":"repeated unknown fields are ignored","messages":[]}"#,
        ]
        for request in requests {
            let reading = try #require(scanned(request), "\(request)")
            #expect(reading == (try decoded(request)), "\(request)")
            #expect(reading == (try decodedByJSONDecoder(request)), "\(request)")
        }
    }

    @Test func leavesOtherTypesMissingFieldsAndMalformedTextToTheGeneralReading() {
        let requests = [
            // Types the general reading refuses, with its own error.
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":[{"type":"document","source":{"type":"text","data":"x"}}]}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"file","file_id":"f"}}]}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":[{"type":"text","text":"t","cache_control":{"type":"ephemeral","ttl":"2h"}}]}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":[{"type":"text","text":"t","cache_control":{"type":"persistent"}}]}]}"#,
            #"{"model":"m","max_tokens":64,"system":[{"type":"image","source":{"type":"url","url":"u"}}],"messages":[]}"#,
            #"{"model":"m","max_tokens":64,"thinking":{"type":"adaptive"},"messages":[]}"#,
            #"{"model":"m","max_tokens":64,"thinking":{"type":"enabled"},"messages":[]}"#,
            #"{"model":"m","max_tokens":64,"tools":[{"type":"web_search_20250305","name":"web_search"}],"messages":[]}"#,
            #"{"model":"m","max_tokens":64,"tools":[{"name":"n","input_schema":{"maximum":2.0}}],"messages":[]}"#,
            #"{"model":"m","max_tokens":64,"tool_choice":{"name":"n"},"messages":[]}"#,
            // Missing or null required values.
            #"{"max_tokens":64,"messages":[]}"#,
            #"{"model":"m","messages":[]}"#,
            #"{"model":"m","max_tokens":null,"messages":[]}"#,
            #"{"model":"m","max_tokens":64}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user"}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":null}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"system","content":"x"}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":[{"text":"no type"}]}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":[{"type":"tool_use","id":"t","name":"n"}]}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":[{"type":"tool_result","content":"x"}]}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","data":"AA=="}}]}]}"#,
            // Other types.
            #"{"model":"m","max_tokens":"64","messages":[]}"#,
            #"{"model":"m","max_tokens":64.0,"messages":[]}"#,
            #"{"model":"m","max_tokens":64,"temperature":"hot","messages":[]}"#,
            #"{"model":"m","max_tokens":64,"stop_sequences":"END","messages":[]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":7}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":[{"type":"text","text":"t","id":7}]}]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":[{"type":"tool_use","id":"t","name":"n","input":{"a":1.0}}]}]}"#,
            // Not JSON, or not one object.
            #"{"model":"m","max_tokens":64,"messages":[]"#,
            #"[{"model":"m","max_tokens":64,"messages":[]}]"#,
            #"{"model":"m","max_tokens":64,"messages":[]} x"#,
            #"{"model":"m","max_tokens":64,"x":"\ud800","messages":[]}"#,
            // A known field given twice: JSONDecoder keeps the first, and says so itself.
            #"{"model":"m","model":"n","max_tokens":64,"messages":[]}"#,
            #"{"model":"m","max_tokens":64,"messages":[{"role":"user","content":[{"type":"text","text":"a","text":"b"}]}]}"#,
        ]
        for request in requests {
            #expect(scanned(request) == nil, "\(request)")
        }
    }
}
