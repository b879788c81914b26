import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("OpenAI Chat Completions stream encoder")
struct OpenAIChatCompletionsStreamEncoderTests {
    let api = OpenAI.ChatCompletionsAPI(currentUnixTime: { 1_741_570_283 })

    static let events: [StreamEvent] = [
        .messageStart(MessageStart(id: "msg_01", model: "claude-sonnet-4-5", usage: Usage(inputTokens: 30))),
        .blockStart(index: 0, block: .thinking),
        .blockDelta(index: 0, delta: .thinking("Plan the calls.")),
        .blockDelta(index: 0, delta: .signature("sig")),
        .blockStop(index: 0),
        .blockStart(index: 1, block: .text),
        .blockDelta(index: 1, delta: .text("Checking")),
        .blockDelta(index: 1, delta: .text(" now.")),
        .blockStop(index: 1),
        .blockStart(index: 2, block: .toolUse(id: "toolu_A", name: "get_weather")),
        .blockDelta(index: 2, delta: .toolInputJSON(#"{"location":"#)),
        .blockDelta(index: 2, delta: .toolInputJSON(#""Paris"}"#)),
        .blockStop(index: 2),
        .blockStart(index: 3, block: .toolUse(id: "toolu_B", name: "get_time")),
        .blockDelta(index: 3, delta: .toolInputJSON("{}")),
        .blockStop(index: 3),
        .messageDelta(MessageDelta(stopReason: .toolUse, usage: Usage(inputTokens: 30, cacheReadTokens: 100, outputTokens: 40, reasoningTokens: 12))),
        .messageStop,
    ]

    private func encode(_ events: [StreamEvent], includeUsage: Bool) -> [UInt8] {
        let call = InboundCall(request: ChatRequest(model: "fast", messages: [.text(.user, "hi")], stream: true), includeStreamUsage: includeUsage)
        var encoder = api.makeStreamEncoder(for: call)
        return events.flatMap { encoder.encode($0) }
    }

    @Test("events encode as chunks: role first, text, tool calls indexed by call, finish, usage, [DONE]")
    func chunks() throws {
        let sse = OpenAIFixture.events(in: encode(Self.events, includeUsage: true))
        #expect(sse.allSatisfy { $0.event == nil })
        #expect(sse.last?.data == "[DONE]")
        let chunks = try sse.dropLast().map { try OpenAIFixture.parse($0.data) }
        for chunk in chunks {
            #expect(chunk["id"] == .string("chatcmpl-msg_01"))
            #expect(chunk["object"] == .string("chat.completion.chunk"))
            #expect(chunk["created"] == .int(1_741_570_283))
            #expect(chunk["model"] == .string("claude-sonnet-4-5"))
        }
        let deltas = chunks.dropLast().map { $0["choices"]?.arrayValue?.first?["delta"] }
        let expectedDeltas = try [
            #"{"role": "assistant", "content": ""}"#,
            #"{"content": "Checking"}"#,
            #"{"content": " now."}"#,
            #"{"tool_calls": [{"index": 0, "id": "toolu_A", "type": "function", "function": {"name": "get_weather", "arguments": ""}}]}"#,
            #"{"tool_calls": [{"index": 0, "function": {"arguments": "{\"location\":"}}]}"#,
            #"{"tool_calls": [{"index": 0, "function": {"arguments": "\"Paris\"}"}}]}"#,
            #"{"tool_calls": [{"index": 1, "id": "toolu_B", "type": "function", "function": {"name": "get_time", "arguments": ""}}]}"#,
            #"{"tool_calls": [{"index": 1, "function": {"arguments": "{}"}}]}"#,
            "{}",
        ].map { try OpenAIFixture.parse($0) }
        #expect(deltas == expectedDeltas)
        let finishReasons = chunks.dropLast().map { $0["choices"]?.arrayValue?.first?["finish_reason"] }
        #expect(finishReasons == Array(repeating: .null, count: 8) + [.string("tool_calls")])
        #expect(chunks.dropLast().allSatisfy { $0["usage"] == .null })
        let usageChunk = try #require(chunks.last)
        #expect(usageChunk["choices"] == .array([]))
        #expect(usageChunk["usage"] == (try OpenAIFixture.parse(#"""
            {"prompt_tokens": 130, "completion_tokens": 40, "total_tokens": 170,
             "prompt_tokens_details": {"cached_tokens": 100}, "completion_tokens_details": {"reasoning_tokens": 12}}
            """#)))
    }

    @Test("text, ids, names and arguments that need escaping come out as the same strings")
    func escaping() throws {
        let awkward = "quote \" backslash \\ slash / line\nbreak\ttab \u{00}\u{1F} é 漢字 🚦"
        let events: [StreamEvent] = [
            .messageStart(MessageStart(id: "msg_\"1\"", model: "model/\(awkward)", usage: Usage(inputTokens: 1))),
            .blockStart(index: 0, block: .text),
            .blockDelta(index: 0, delta: .text(awkward)),
            .blockStop(index: 0),
            .blockStart(index: 1, block: .toolUse(id: "call \(awkward)", name: "tool \(awkward)")),
            .blockDelta(index: 1, delta: .toolInputJSON(#"{"q":"\#(awkward)"}"#)),
            .blockStop(index: 1),
            .messageDelta(MessageDelta(stopReason: .toolUse, usage: Usage(inputTokens: 1, outputTokens: 2))),
            .messageStop,
        ]
        let chunks = try OpenAIFixture.events(in: encode(events, includeUsage: false)).dropLast().map { try OpenAIFixture.parse($0.data) }
        #expect(chunks.allSatisfy { $0["id"] == .string("chatcmpl-msg_\"1\"") && $0["model"] == .string("model/\(awkward)") })
        let deltas = chunks.map { $0["choices"]?.arrayValue?.first?["delta"] }
        #expect(deltas[1]?["content"] == .string(awkward))
        let call = deltas[2]?["tool_calls"]?.arrayValue?.first
        #expect(call?["id"] == .string("call \(awkward)"))
        #expect(call?["function"]?["name"] == .string("tool \(awkward)"))
        #expect(deltas[3]?["tool_calls"]?.arrayValue?.first?["function"]?["arguments"] == .string(#"{"q":"\#(awkward)"}"#))
    }

    @Test("every event is whole `data:` lines ending in a blank line")
    func framing() {
        let text = String(decoding: encode(Self.events, includeUsage: true), as: UTF8.self)
        let events = text.components(separatedBy: "\n\n").dropLast()
        #expect(text.hasSuffix("data: [DONE]\n\n"))
        #expect(events.allSatisfy { $0.hasPrefix("data: ") && !$0.dropFirst(6).contains("\n") })
    }

    @Test("without include_usage there is no usage chunk")
    func noUsageChunk() throws {
        let sse = OpenAIFixture.events(in: encode(Self.events, includeUsage: false))
        let chunks = try sse.dropLast().map { try OpenAIFixture.parse($0.data) }
        #expect(chunks.allSatisfy { $0["choices"]?.arrayValue?.count == 1 })
        #expect(sse.last?.data == "[DONE]")
    }

    @Test("the encoded stream decodes back to the same answer")
    func roundTrip() throws {
        let decoded = try OpenAIFixture.decode(encode(Self.events, includeUsage: true))
        let withoutThinking = Self.events.compactMap { event -> StreamEvent? in
            switch event {
            case .blockStart(0, _), .blockDelta(0, _), .blockStop(0): return nil
            case .blockStart(let index, let block): return .blockStart(index: index - 1, block: block)
            case .blockDelta(let index, let delta): return .blockDelta(index: index - 1, delta: delta)
            case .blockStop(let index): return .blockStop(index: index - 1)
            case .messageStart: return .messageStart(MessageStart(id: "chatcmpl-msg_01", model: "claude-sonnet-4-5"))
            default: return event
            }
        }
        #expect(decoded == withoutThinking)
    }

    @Test("an error mid-stream is a data line with OpenAI's error object")
    func inStreamError() throws {
        let call = InboundCall(request: ChatRequest(model: "fast", messages: [.text(.user, "hi")], stream: true), includeStreamUsage: true)
        var encoder = api.makeStreamEncoder(for: call)
        _ = encoder.encode(.messageStart(MessageStart(id: "chatcmpl-9", model: "m")))
        let error = SwitchyardError.upstream(status: 529, message: "Overloaded")
        let bytes = encoder.encode(.error(error))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("data: {"))
        #expect(text.hasSuffix("}\n\n"))
        let sse = OpenAIFixture.events(in: bytes)
        #expect(sse.count == 1)
        let body = try OpenAIFixture.parse(try #require(sse.first).data)
        #expect(body["error"]?["message"] == .string("Overloaded"))
        #expect(body["error"]?["type"] == .string("service_unavailable_error"))
        #expect(body["error"]?["stage"] == .string("provider"))

        // The upstream decoder reads the same shape back as an error event.
        var decoder = OpenAI.ChatCompletionsStreamDecoder()
        _ = try decoder.decode(ServerSentEvent(data: #"{"id":"c","model":"m","choices":[]}"#))
        let decoded = try decoder.decode(try #require(sse.first))
        guard case .error(let back)? = decoded.first else {
            Issue.record("expected an error event, got \(decoded)")
            return
        }
        #expect(back.message == "Overloaded")
    }
}
