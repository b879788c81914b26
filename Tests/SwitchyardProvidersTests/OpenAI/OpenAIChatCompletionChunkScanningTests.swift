import SwitchyardCore
import Testing

@testable import SwitchyardProviders

@Suite("OpenAI chunk, scanned")
struct OpenAIChatCompletionChunkScanningTests {
    private func decoded(_ text: String) throws -> OpenAI.ChatCompletionChunk {
        try WireJSON.decodeUpstream(OpenAI.ChatCompletionChunk.self, from: Array(text.utf8), what: "chunk")
    }

    private func scanned(_ text: String) -> OpenAI.ChatCompletionChunk? {
        OpenAI.ChatCompletionChunk(scanning: Array(text.utf8))
    }

    @Test func everyChunkOfTheFixturesReadsAsJSONDecoderReadsIt() throws {
        var scannedCount = 0
        for fixture in ["stream-text-parallel-tools", "stream-compatible-reasoning-no-done", "stream-compatible-tools-no-index"] {
            for event in OpenAIFixture.events(in: try OpenAIFixture.bytes(fixture, "sse")) where event.data.hasPrefix("{") {
                guard let chunk = scanned(event.data) else { continue }
                #expect(chunk == (try decoded(event.data)), "\(fixture): \(event.data)")
                scannedCount += 1
            }
        }
        #expect(scannedCount >= 10, "the answer's chunks take the scanned path")
    }

    @Test func absentAndNullFieldsReadAlike() throws {
        let chunks = [
            #"{"choices":[{"delta":{"content":"x"}}]}"#,
            #"{"id":null,"object":null,"created":null,"model":null,"choices":null,"usage":null}"#,
            #"{"id":"c","choices":[{"index":0,"delta":null,"finish_reason":"stop"}],"system_fingerprint":"fp","service_tier":"default"}"#,
            #"{"id":"c","choices":[{"index":0,"delta":{"role":null,"content":null,"refusal":"no","tool_calls":null,"reasoning_content":"r","reasoning":null}}]}"#,
            #"{"id":"c","choices":[{"index":1,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}},{"index":1,"function":null}]}}]}"#,
        ]
        for chunk in chunks {
            let reading = try #require(scanned(chunk), "\(chunk)")
            #expect(reading == (try decoded(chunk)), "\(chunk)")
        }
    }

    @Test func unknownFieldsOfEveryKindAreSkipped() throws {
        let chunks = [
            #"{"id":"c","logprobs":{"content":[{"token":"x","bytes":[120],"top_logprobs":[]}]},"obfuscation":"a\u00e9\"b","x":[true,false,null,-1.5e3,{}],"choices":[]}"#,
            #"{"id":"c","choices":[{"index":0,"logprobs":null,"delta":{"content":"hi","annotations":[{"type":"url"}]},"x":{"y":{"z":[]}}}]}"#,
            #"{"id":"c","choices":[{"delta":{"tool_calls":[{"index":0,"function":{"name":"f","arguments":"{}","extra":1},"extra":[1,2]}]}}]}"#,
            // A key with an escape in it is still a key.
            #"{"i\u0064":"c","choices":[]}"#,
        ]
        for chunk in chunks {
            let reading = try #require(scanned(chunk), "\(chunk)")
            #expect(reading == (try decoded(chunk)), "\(chunk)")
        }
    }

    @Test func aRepeatedUnknownFieldReadsAsJSONDecoderReadsIt() throws {
        let chunk = #"{"id":"c","x":1,"x":"two","choices":[{"delta":{"content":"a"},"y":null,"y":[]}]}"#
        let reading = try #require(scanned(chunk))
        #expect(reading == (try decoded(chunk)))
    }

    @Test func leavesUsageOtherTypesAndMalformedTextToJSONDecoder() {
        let chunks = [
            #"{"id":"c","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}"#,
            // An error event, even one shaped like a chunk, is the stream decoder's to read.
            #"{"error":{"message":"overloaded","type":"server_error"}}"#,
            #"{"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"error"}],"error":{"message":"upstream died"}}"#,
            #"{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":{"a":1}}}]}}]}"#,
            #"{"id":7,"choices":[]}"#,
            #"{"id":"c","created":1.5,"choices":[]}"#,
            #"{"id":"c","choices":{}}"#,
            #"{"id":"c","choices":[{"index":"0","delta":{}}]}"#,
            #"{"id":"c","choices":[{"delta":{"content":["x"]}}]}"#,
            #"{"id":"c","choices":[]"#,
            #"[{"id":"c"}]"#,
            #"null"#,
            #"{"id":"c","choices":[],"usage":{}}"#,
            #"{"id":"c","choices":[null]}"#,
            #"{"id":"c","choices":[{"delta":{"tool_calls":[null]}}]}"#,
            #"{"id":"c","choices":[]} x"#,
            #"{"id":"c","x":[1,],"choices":[]}"#,
            #"{"id":"c","x":"\ud800","choices":[]}"#,
            // A known field given twice: JSONDecoder keeps the first, and says so itself.
            #"{"id":"c","id":"d","choices":[]}"#,
            #"{"id":"c","choices":[{"delta":{"content":"a","content":"b"}}]}"#,
        ]
        for chunk in chunks {
            #expect(scanned(chunk) == nil, "\(chunk)")
        }
    }
}
