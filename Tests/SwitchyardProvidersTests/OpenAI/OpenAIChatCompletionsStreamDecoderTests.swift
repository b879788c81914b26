import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("OpenAI Chat Completions stream decoder")
struct OpenAIChatCompletionsStreamDecoderTests {
    @Test("text, a parallel tool call and the usage chunk decode to the exact event list")
    func textToolsAndUsage() throws {
        let events = try OpenAIFixture.decode(OpenAIFixture.bytes("stream-text-parallel-tools", "sse"))
        #expect(events == [
            .messageStart(MessageStart(id: "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", model: "gpt-4o-2024-08-06")),
            .blockStart(index: 0, block: .text),
            .blockDelta(index: 0, delta: .text("Let me check")),
            .blockDelta(index: 0, delta: .text(" both cities.")),
            .blockStop(index: 0),
            .blockStart(index: 1, block: .toolUse(id: "call_PXgrmWt6KZm8NfAhsbdMJvNZ", name: "get_weather")),
            .blockDelta(index: 1, delta: .toolInputJSON(#"{"lo"#)),
            .blockDelta(index: 1, delta: .toolInputJSON("cation")),
            .blockDelta(index: 1, delta: .toolInputJSON(#"": "Pa"#)),
            .blockDelta(index: 1, delta: .toolInputJSON(#"ris"}"#)),
            .blockStop(index: 1),
            .blockStart(index: 2, block: .toolUse(id: "call_9sTfBlJzQ1uGkPq3cL0aWvYx", name: "get_weather")),
            .blockDelta(index: 2, delta: .toolInputJSON(#"{"location""#)),
            .blockDelta(index: 2, delta: .toolInputJSON(#": "Tokyo"}"#)),
            .blockStop(index: 2),
            .messageDelta(MessageDelta(stopReason: .toolUse, usage: Usage(inputTokens: 93, cacheReadTokens: 1024, outputTokens: 46))),
            .messageStop,
        ])
    }

    @Test("the decoded stream folds into the same response a client would see")
    func accumulates() throws {
        var accumulator = ChatResponseAccumulator()
        for event in try OpenAIFixture.decode(OpenAIFixture.bytes("stream-text-parallel-tools", "sse")) {
            try accumulator.consume(event)
        }
        #expect(accumulator.isComplete)
        let response = accumulator.response
        #expect(response.text == "Let me check both cities.")
        #expect(response.content.last == .toolUse(ToolUse(id: "call_9sTfBlJzQ1uGkPq3cL0aWvYx", name: "get_weather", input: .object(["location": .string("Tokyo")]))))
    }

    @Test("without include_usage, [DONE] sends the stop reason with no usage")
    func noUsageChunk() throws {
        let events = try OpenAIFixture.decode(payloads: [
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#,
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}"#,
            "[DONE]",
        ])
        #expect(events == [
            .messageStart(MessageStart(id: "chatcmpl-1", model: "gpt-4o")),
            .blockStart(index: 0, block: .text),
            .blockDelta(index: 0, delta: .text("Hi")),
            .blockStop(index: 0),
            .messageDelta(MessageDelta(stopReason: .maxTokens)),
            .messageStop,
        ])
    }

    @Test("a refusal streams as text and stops with the refusal reason")
    func refusal() throws {
        let events = try OpenAIFixture.decode(payloads: [
            #"{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"role":"assistant","content":null,"refusal":""},"finish_reason":null}]}"#,
            #"{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"refusal":"I can't help with that."},"finish_reason":null}]}"#,
            #"{"id":"chatcmpl-2","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
            "[DONE]",
        ])
        #expect(events.contains(.blockDelta(index: 0, delta: .text("I can't help with that."))))
        #expect(events.contains(.messageDelta(MessageDelta(stopReason: .refusal))))
    }

    @Test("an error payload mid-stream becomes an error event and ends the stream")
    func inStreamError() throws {
        var decoder = OpenAI.ChatCompletionsStreamDecoder()
        var events: [StreamEvent] = []
        for event in OpenAIFixture.events(in: try OpenAIFixture.bytes("stream-error-midway", "sse")) {
            events += try decoder.decode(event)
        }
        #expect(try decoder.finish() == [])
        guard case .error(let error) = events.last else {
            Issue.record("the stream did not end with an error event: \(events)")
            return
        }
        #expect(error.code == .upstreamError)
        #expect(error.upstreamType == "server_error")
        #expect(error.message == "The server had an error while processing your request. Sorry about that!")
        #expect(error.isRetryable)
        #expect(events.dropLast() == [
            .messageStart(MessageStart(id: "chatcmpl-C2kLm9pQ", model: "gpt-4o-mini-2024-07-18")),
            .blockStart(index: 0, block: .text),
            .blockDelta(index: 0, delta: .text("Once upon")),
        ])
    }

    @Test("an error next to a chunk's choices (as some routers send it) is the stream's error; an error finish reason alone is not")
    func errorBesideChoices() throws {
        var decoder = OpenAI.ChatCompletionsStreamDecoder()
        let chunk = #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#
        let failed = #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"error"}],"error":{"message":"Upstream died","type":"server_error"}}"#
        _ = try decoder.decode(ServerSentEvent(data: chunk))
        let events = try decoder.decode(ServerSentEvent(data: failed))
        guard case .error(let error)? = events.last, events.count == 1 else {
            Issue.record("no error event: \(events)")
            return
        }
        #expect(error.message == "Upstream died")

        var plain = OpenAI.ChatCompletionsStreamDecoder()
        _ = try plain.decode(ServerSentEvent(data: chunk))
        let finished = try plain.decode(ServerSentEvent(data: #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"error"}]}"#))
        #expect(!finished.contains { if case .error = $0 { true } else { false } })
    }

    @Test("finish() without [DONE] is a protocol error for OpenAI, even after the usage chunk")
    func missingDone() throws {
        var decoder = OpenAI.ChatCompletionsStreamDecoder()
        let transcript = try OpenAIFixture.bytes("stream-text-parallel-tools", "sse")
        for event in OpenAIFixture.events(in: transcript) where event.data != "[DONE]" {
            _ = try decoder.decode(event)
        }
        let error = #expect(throws: SwitchyardError.self) { try decoder.finish() }
        #expect(error?.code == .upstreamProtocolError)
    }

    @Test("an empty stream is a protocol error in both flavors")
    func emptyStream() {
        for flavor in [OpenAI.Flavor.openAI, .compatible] {
            var decoder = OpenAI.ChatCompletionsStreamDecoder(flavor: flavor)
            #expect(throws: SwitchyardError.self) { try decoder.finish() }
        }
    }

    @Test("events after [DONE] are ignored")
    func afterDone() throws {
        var decoder = OpenAI.ChatCompletionsStreamDecoder()
        _ = try decoder.decode(ServerSentEvent(data: #"{"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[]}"#))
        #expect(try decoder.decode(ServerSentEvent(data: "[DONE]")).last == .messageStop)
        #expect(try decoder.decode(ServerSentEvent(data: #"{"id":"c","choices":[{"index":0,"delta":{"content":"late"}}]}"#)) == [])
        #expect(try decoder.finish() == [])
    }

    @Test("grammar breaks are protocol errors", arguments: [
        // Content after finish_reason.
        [#"{"id":"c","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#, #"{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"more"},"finish_reason":null}]}"#],
        // A tool call delta without index.
        [#"{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]},"finish_reason":null}]}"#],
        // Interleaved tool calls.
        [
            #"{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"f","arguments":""}}]}}]}"#,
            #"{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"b","type":"function","function":{"name":"g","arguments":""}}]}}]}"#,
            #"{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]}}]}"#,
        ],
        // A tool call without a name.
        [#"{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","function":{"arguments":"{}"}}]}}]}"#],
        // Arguments as an object.
        [#"{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","type":"function","function":{"name":"f","arguments":{"x":1}}}]}}]}"#],
        // No id on the first chunk.
        [#"{"model":"m","choices":[{"index":0,"delta":{"content":"hi"}}]}"#],
        // Not JSON.
        ["{not json"],
    ])
    func grammarBreaks(payloads: [String]) {
        let error = #expect(throws: SwitchyardError.self) { try OpenAIFixture.decode(payloads: payloads + ["[DONE]"]) }
        #expect(error?.code == .upstreamProtocolError)
    }
}

@Suite("OpenAI Chat Completions stream decoder: compatible servers")
struct OpenAICompatibleStreamDecoderTests {
    @Test("reasoning_content becomes a thinking block; finish_reason with usage in one chunk; no [DONE]")
    func reasoningWithoutDone() throws {
        let events = try OpenAIFixture.decode(OpenAIFixture.bytes("stream-compatible-reasoning-no-done", "sse"), flavor: .compatible)
        #expect(events == [
            .messageStart(MessageStart(id: "8e3f0c1a-5b7d-4e2f-9a6c-3d1b0f7e2a94", model: "deepseek-reasoner")),
            .blockStart(index: 0, block: .thinking),
            .blockDelta(index: 0, delta: .thinking("9.11 vs 9.8:")),
            .blockDelta(index: 0, delta: .thinking(" compare tenths, 1 < 8.")),
            .blockStop(index: 0),
            .blockStart(index: 1, block: .text),
            .blockDelta(index: 1, delta: .text("9.8")),
            .blockDelta(index: 1, delta: .text(" is larger.")),
            .blockStop(index: 1),
            .messageDelta(MessageDelta(stopReason: .endTurn, usage: Usage(inputTokens: 18, outputTokens: 120, reasoningTokens: 100))),
            .messageStop,
        ])
    }

    @Test("tool call deltas without index, object arguments, missing ids and null usage details")
    func toolsWithoutIndex() throws {
        let events = try OpenAIFixture.decode(OpenAIFixture.bytes("stream-compatible-tools-no-index", "sse"), flavor: .compatible)
        guard case .messageStart(let start) = events.first else {
            Issue.record("no messageStart: \(events)")
            return
        }
        #expect(start.id.hasPrefix("chatcmpl-"))
        #expect(start.model == "qwen2.5:7b")
        #expect(Array(events.dropFirst()) == [
            .blockStart(index: 0, block: .toolUse(id: "call_a1", name: "get_weather")),
            .blockDelta(index: 0, delta: .toolInputJSON(#"{"location":"Paris"}"#)),
            .blockStop(index: 0),
            .blockStart(index: 1, block: .toolUse(id: "call_b2", name: "get_time")),
            .blockDelta(index: 1, delta: .toolInputJSON(#"{"zone":"#)),
            .blockDelta(index: 1, delta: .toolInputJSON(#""CET"}"#)),
            .blockStop(index: 1),
            .messageDelta(MessageDelta(stopReason: .toolUse, usage: Usage(inputTokens: 210, outputTokens: 34))),
            .messageStop,
        ])
    }

    @Test("the same index repeated for every call still separates calls by id; eos ends the turn")
    func repeatedIndex() throws {
        let events = try OpenAIFixture.decode(payloads: [
            #"{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"a","function":{"name":"f","arguments":"{}"}}]}}]}"#,
            #"{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"b","function":{"name":"g","arguments":"{\"x\":"}}]}}]}"#,
            #"{"id":"c","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]}}]}"#,
            #"{"id":"c","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"eos"}]}"#,
        ], flavor: .compatible)
        #expect(events == [
            .messageStart(MessageStart(id: "c", model: "m")),
            .blockStart(index: 0, block: .toolUse(id: "a", name: "f")),
            .blockDelta(index: 0, delta: .toolInputJSON("{}")),
            .blockStop(index: 0),
            .blockStart(index: 1, block: .toolUse(id: "b", name: "g")),
            .blockDelta(index: 1, delta: .toolInputJSON(#"{"x":"#)),
            .blockDelta(index: 1, delta: .toolInputJSON("1}")),
            .blockStop(index: 1),
            .messageDelta(MessageDelta(stopReason: .endTurn)),
            .messageStop,
        ])
    }

    @Test("usage on every chunk is held until the finish")
    func continuousUsage() throws {
        let events = try OpenAIFixture.decode(payloads: [
            #"{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"a"}}],"usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}"#,
            #"{"id":"c","model":"m","choices":[{"index":0,"delta":{"content":"b"}}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"#,
            #"{"id":"c","model":"m","choices":[{"index":0,"delta":{},"finish_reason":null}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}"#,
            "[DONE]",
        ], flavor: .compatible)
        #expect(events.filter { if case .messageDelta = $0 { true } else { false } } == [
            .messageDelta(MessageDelta(usage: Usage(inputTokens: 5, outputTokens: 2))),
        ])
        #expect(events.last == .messageStop)
    }
}
