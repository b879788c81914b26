import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("Anthropic.MessagesStreamDecoder")
struct AnthropicMessagesStreamDecoderTests {
    private func decodeAll(_ events: [ServerSentEvent]) throws -> [StreamEvent] {
        var decoder = Anthropic.MessagesTranslator().makeStreamDecoder()
        var output: [StreamEvent] = []
        for event in events { output += try decoder.decode(event) }
        return output + (try decoder.finish())
    }

    private func event(_ name: String, _ data: String) -> ServerSentEvent {
        ServerSentEvent(event: name, data: data)
    }

    private let messageStart = ServerSentEvent(
        event: "message_start",
        data: """
            {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5",\
            "content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"cache_creation_input_tokens":7,\
            "cache_read_input_tokens":0,"cache_creation":{"ephemeral_5m_input_tokens":3,"ephemeral_1h_input_tokens":4},"output_tokens":1}}}
            """
    )

    @Test func transcriptWithThinkingTextToolUseAndPings() throws {
        let events = try decodeAll(AnthropicFixture.events("stream-thinking-text-tool"))
        let startUsage = Usage(inputTokens: 472, cacheReadTokens: 2048, cacheWriteTokens: 1800, outputTokens: 4)
        let finalUsage = Usage(inputTokens: 472, cacheReadTokens: 2048, cacheWriteTokens: 1800, outputTokens: 89)
        let expected: [StreamEvent] = [
            .messageStart(MessageStart(id: "msg_01HcVp7cEZGmmRbCmGEWN3AL", model: "claude-sonnet-4-5-20250929", usage: startUsage)),
            .blockStart(index: 0, block: .thinking),
            .blockDelta(index: 0, delta: .thinking("The user wants the weather in Paris.")),
            .blockDelta(index: 0, delta: .thinking(" I should call get_weather.")),
            .blockDelta(index: 0, delta: .signature("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds")),
            .blockStop(index: 0),
            .blockStart(index: 1, block: .text),
            .blockDelta(index: 1, delta: .text("Let me check")),
            .blockDelta(index: 1, delta: .text(" the weather.")),
            .blockStop(index: 1),
            .blockStart(index: 2, block: .toolUse(id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather")),
            .blockDelta(index: 2, delta: .toolInputJSON("")),
            .blockDelta(index: 2, delta: .toolInputJSON("{\"location\":")),
            .blockDelta(index: 2, delta: .toolInputJSON(" \"Paris, France\"}")),
            .blockStop(index: 2),
            .messageDelta(MessageDelta(stopReason: .toolUse, stopSequence: nil, usage: finalUsage)),
            .messageStop,
        ]
        #expect(events == expected)

        var accumulator = ChatResponseAccumulator()
        for event in events { try accumulator.consume(event) }
        let response = accumulator.response
        #expect(accumulator.isComplete)
        #expect(response.content.last == .toolUse(ToolUse(id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", input: .object(["location": .string("Paris, France")]))))
        #expect(response.usage == finalUsage)
    }

    @Test func cumulativeInputFiguresInMessageDeltaReplaceTheStart() throws {
        let events = try decodeAll([
            messageStart,
            event(
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":12,"cache_read_input_tokens":5,"cache_creation_input_tokens":7,"output_tokens":30}}"#
            ),
            event(
                "message_delta",
                #"{"type":"message_delta","delta":{"stop_reason":"max_tokens","stop_sequence":null},"usage":{"cache_creation_input_tokens":10,"output_tokens":42}}"#
            ),
            event("message_stop", #"{"type":"message_stop"}"#),
        ])
        #expect(
            events == [
                .messageStart(
                    MessageStart(id: "msg_1", model: "claude-haiku-4-5", usage: Usage(inputTokens: 10, cacheWriteTokens: 3, cacheWrite1hTokens: 4, outputTokens: 1))
                ),
                // Same cache-write total as the start: the 5m/1h split is kept.
                .messageDelta(
                    MessageDelta(
                        stopReason: .endTurn,
                        usage: Usage(inputTokens: 12, cacheReadTokens: 5, cacheWriteTokens: 3, cacheWrite1hTokens: 4, outputTokens: 30)
                    )
                ),
                // A new total keeps the one-hour share and counts the rest as five-minute writes.
                .messageDelta(
                    MessageDelta(
                        stopReason: .maxTokens,
                        usage: Usage(inputTokens: 12, cacheReadTokens: 5, cacheWriteTokens: 6, cacheWrite1hTokens: 4, outputTokens: 42)
                    )
                ),
                .messageStop,
            ]
        )
    }

    @Test func errorEventMidStreamEndsTheStream() throws {
        let events = try decodeAll(AnthropicFixture.events("stream-error-overloaded"))
        #expect(events.count == 4)
        #expect(Array(events.prefix(3)) == [
            .messageStart(MessageStart(id: "msg_01K2QvmTBsjzyVxxvPt6zQFu", model: "claude-haiku-4-5-20251001", usage: Usage(inputTokens: 25, outputTokens: 1))),
            .blockStart(index: 0, block: .text),
            .blockDelta(index: 0, delta: .text("Once upon")),
        ])
        guard case .error(let error) = events.last else {
            Issue.record("expected an error event, got \(String(describing: events.last))")
            return
        }
        #expect(error.code == .upstreamUnavailable)
        #expect(error.upstreamStatus == 529)
        #expect(error.upstreamType == "overloaded_error")
        #expect(error.message == "Overloaded")
        #expect(error.isRetryable)
    }

    @Test(arguments: [
        ("overloaded_error", 529), ("rate_limit_error", 429), ("api_error", 500), ("invalid_request_error", 400),
        ("authentication_error", 401), ("permission_error", 403), ("not_found_error", 404), ("request_too_large", 413),
        ("timeout_error", 504), ("something_new", 500),
    ])
    func errorEventStatusFollowsTheType(type: String, status: Int) throws {
        let events = try decodeAll([
            messageStart,
            event("error", #"{"type":"error","error":{"type":"\#(type)","message":"boom"}}"#),
        ])
        guard case .error(let error) = events.last else {
            Issue.record("expected an error event")
            return
        }
        #expect(error.upstreamStatus == status)
        #expect(error.upstreamType == type)
    }

    @Test func streamEndingWithoutMessageStopIsAProtocolError() throws {
        var decoder = Anthropic.MessagesStreamDecoder()
        _ = try decoder.decode(messageStart)
        let error = try #require(throws: SwitchyardError.self) { try decoder.finish() }
        #expect(error.code == .upstreamProtocolError)
        #expect(error.isRetryable)
    }

    @Test func contentBeforeMessageStartIsAProtocolError() throws {
        var decoder = Anthropic.MessagesStreamDecoder()
        let error = try #require(throws: SwitchyardError.self) {
            try decoder.decode(event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#))
        }
        #expect(error.code == .upstreamProtocolError)
    }

    @Test func malformedDataIsAProtocolError() throws {
        var decoder = Anthropic.MessagesStreamDecoder()
        let error = try #require(throws: SwitchyardError.self) { try decoder.decode(event("message_start", "{not json")) }
        #expect(error.code == .upstreamProtocolError)
    }

    @Test func unknownEventsAndDeltasAreSkipped() throws {
        let events = try decodeAll([
            event("ping", #"{"type":"ping"}"#),
            messageStart,
            event("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
            event(
                "content_block_delta",
                #"{"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{"type":"char_location"}}}"#
            ),
            event("future_event", #"{"type":"future_event","detail":1}"#),
            event("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            event("message_stop", #"{"type":"message_stop"}"#),
        ])
        #expect(events.count == 4)
        #expect(events[1] == .blockStart(index: 0, block: .text))
        #expect(events[2] == .blockStop(index: 0))
    }
}
