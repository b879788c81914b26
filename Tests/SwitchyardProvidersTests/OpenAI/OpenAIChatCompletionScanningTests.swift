import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardProviders

@Suite("OpenAI chat completion, scanned")
struct OpenAIChatCompletionScanningTests {
    private func decoded(_ text: String) throws -> OpenAI.ChatCompletion {
        try JSONDecoder().decode(OpenAI.ChatCompletion.self, from: Data(text.utf8))
    }

    private func scanned(_ text: String) -> OpenAI.ChatCompletion? {
        OpenAI.ChatCompletion(scanning: Array(text.utf8))
    }

    @Test func theFixturesReadAsJSONDecoderReadsThem() throws {
        for fixture in ["response-cached-reasoning", "response-refusal"] {
            let text = String(decoding: try OpenAIFixture.bytes(fixture, "json"), as: UTF8.self)
            let reading = try #require(scanned(text), "\(fixture)")
            #expect(reading == (try decoded(text)), "\(fixture)")
        }
    }

    @Test func absentAndNullFieldsReadAlike() throws {
        let completions = [
            #"{"choices":[{"message":{"content":"x"}}]}"#,
            #"{"id":null,"object":null,"created":null,"model":null,"choices":[],"usage":null}"#,
            #"{"id":"c","choices":[{"index":null,"message":{},"finish_reason":null}],"usage":{}}"#,
            #"{"id":"c","choices":[{"index":0,"message":{"role":null,"content":null,"refusal":"no","tool_calls":null,"reasoning_content":"r","reasoning":null},"finish_reason":"stop"}]}"#,
            #"{"id":"c","choices":[{"message":{"tool_calls":[{"id":null,"type":null,"function":{"name":"f","arguments":"{\"a\":1}"}},{"function":{"name":"g","arguments":""}}]}}]}"#,
            #"{"id":"c","choices":[],"usage":{"prompt_tokens":null,"completion_tokens":2,"total_tokens":3,"prompt_tokens_details":null,"completion_tokens_details":{"reasoning_tokens":null}}}"#,
            #"{"id":"c","choices":[],"usage":{"prompt_tokens":10,"prompt_cache_hit_tokens":4,"prompt_tokens_details":{"cached_tokens":6,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":1,"accepted_prediction_tokens":0}}}"#,
        ]
        for completion in completions {
            let reading = try #require(scanned(completion), "\(completion)")
            #expect(reading == (try decoded(completion)), "\(completion)")
        }
    }

    @Test func unknownFieldsOfEveryKindAreSkipped() throws {
        let completions = [
            #"{"id":"c","system_fingerprint":"fp","service_tier":"default","x":[true,false,null,-1.5e3,{}],"choices":[{"index":0,"logprobs":{"content":[{"token":"x","bytes":[120]}]},"message":{"content":"a\u00e9\"b","annotations":[{"type":"url_citation"}],"audio":null}}]}"#,
            #"{"id":"c","choices":[{"message":{"tool_calls":[{"id":"t","function":{"name":"f","arguments":"{}","extra":1},"extra":[1,2]}]},"x":{"y":{"z":[]}}}],"usage":{"x":{"y":1}}}"#,
            // A key with an escape in it is still a key; an unknown field may repeat.
            #"{"i\u0064":"c","x":1,"x":"two","choices":[]}"#,
        ]
        for completion in completions {
            let reading = try #require(scanned(completion), "\(completion)")
            #expect(reading == (try decoded(completion)), "\(completion)")
        }
    }

    @Test func leavesOtherTypesMissingFieldsAndMalformedTextToJSONDecoder() {
        let completions = [
            // Required fields missing or null.
            #"{"id":"c"}"#,
            #"{"id":"c","choices":null}"#,
            #"{"id":"c","choices":[{"index":0}]}"#,
            #"{"id":"c","choices":[{"message":null}]}"#,
            #"{"id":"c","choices":[{"message":{"tool_calls":[{"id":"t"}]}}]}"#,
            #"{"id":"c","choices":[{"message":{"tool_calls":[{"function":{"arguments":"{}"}}]}}]}"#,
            #"{"id":"c","choices":[{"message":{"tool_calls":[{"function":{"name":"f"}}]}}]}"#,
            // Arguments as an object: JSONDecoder reads those.
            #"{"id":"c","choices":[{"message":{"tool_calls":[{"function":{"name":"f","arguments":{"a":1}}}]}}]}"#,
            // Other types.
            #"{"id":7,"choices":[]}"#,
            #"{"id":"c","created":1.5,"choices":[]}"#,
            #"{"id":"c","choices":{}}"#,
            #"{"id":"c","choices":[{"index":"0","message":{}}]}"#,
            #"{"id":"c","choices":[{"message":{"content":["x"]}}]}"#,
            #"{"id":"c","choices":[],"usage":{"prompt_tokens":"1"}}"#,
            #"{"id":"c","choices":[],"usage":[]}"#,
            // Not JSON, or not one object.
            #"{"id":"c","choices":[]"#,
            #"[{"id":"c","choices":[]}]"#,
            #"null"#,
            #"{"id":"c","choices":[null]}"#,
            #"{"id":"c","choices":[]} x"#,
            #"{"id":"c","x":[1,],"choices":[]}"#,
            #"{"id":"c","x":"\ud800","choices":[]}"#,
            // A known field given twice: JSONDecoder keeps the first, and says so itself.
            #"{"id":"c","id":"d","choices":[]}"#,
            #"{"id":"c","choices":[{"message":{"content":"a","content":"b"}}]}"#,
            #"{"id":"c","choices":[],"usage":{"prompt_tokens":1,"prompt_tokens":2}}"#,
        ]
        for completion in completions {
            #expect(scanned(completion) == nil, "\(completion)")
        }
    }
}
