import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("Anthropic.MessagesStreamEncoder")
struct AnthropicMessagesStreamEncoderTests {
    private func encode(_ events: [StreamEvent]) -> [UInt8] {
        let call = InboundCall(request: ChatRequest(model: "fast", messages: [.text(.user, "Hi")], stream: true), includeStreamUsage: true)
        var encoder = Anthropic.MessagesAPI().makeStreamEncoder(for: call)
        return events.flatMap { encoder.encode($0) }
    }

    private let startUsage = Usage(inputTokens: 472, cacheReadTokens: 2048, cacheWriteTokens: 1800, outputTokens: 4)

    private var toolStreamEvents: [StreamEvent] {
        [
            .messageStart(MessageStart(id: "msg_01HcVp7cEZGmmRbCmGEWN3AL", model: "claude-sonnet-4-5-20250929", usage: startUsage)),
            .blockStart(index: 0, block: .thinking),
            .blockDelta(index: 0, delta: .thinking("The user wants the weather in Paris.")),
            .blockDelta(index: 0, delta: .signature("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds")),
            .blockStop(index: 0),
            .blockStart(index: 1, block: .text),
            .blockDelta(index: 1, delta: .text("Let me check.")),
            .blockStop(index: 1),
            .blockStart(index: 2, block: .toolUse(id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather")),
            .blockDelta(index: 2, delta: .toolInputJSON("{\"location\":")),
            .blockDelta(index: 2, delta: .toolInputJSON(" \"Paris, France\"}")),
            .blockStop(index: 2),
            .messageDelta(
                MessageDelta(
                    stopReason: .toolUse,
                    usage: Usage(inputTokens: 472, cacheReadTokens: 2048, cacheWriteTokens: 1800, outputTokens: 89)
                )
            ),
            .messageStop,
        ]
    }

    @Test func encodesNamedEventsAsAnthropicSendsThem() throws {
        let bytes = encode(toolStreamEvents)
        let produced = AnthropicFixture.parseEvents(bytes)
        #expect(try AnthropicFixture.semantic(produced) == AnthropicFixture.semantic(AnthropicFixture.events("stream-encoded")))
        // Every event's name equals its data's `type`, as Anthropic's SDKs expect.
        for event in produced {
            #expect(try AnthropicFixture.parse(event.data)["type"] == event.event.map(JSONValue.string))
        }
    }

    @Test func encodedStreamDecodesBackToTheSameEvents() throws {
        var decoder = Anthropic.MessagesStreamDecoder()
        var decoded: [StreamEvent] = []
        for event in AnthropicFixture.parseEvents(encode(toolStreamEvents)) { decoded += try decoder.decode(event) }
        decoded += try decoder.finish()
        #expect(decoded == toolStreamEvents)
    }

    @Test func fragmentsThatNeedEscapingDecodeBackToTheSameText() throws {
        let awkward = "quote \" backslash \\ slash / line\nbreak\ttab \u{00}\u{1F} é 漢字 🚦"
        let events: [StreamEvent] = [
            .messageStart(MessageStart(id: "msg_1", model: "claude-sonnet-4-5", usage: startUsage)),
            .blockStart(index: 0, block: .thinking),
            .blockDelta(index: 0, delta: .thinking(awkward)),
            .blockDelta(index: 0, delta: .signature(awkward)),
            .blockStop(index: 0),
            .blockStart(index: 1, block: .text),
            .blockDelta(index: 1, delta: .text(awkward)),
            .blockStop(index: 1),
            .blockStart(index: 2, block: .toolUse(id: "toolu_1", name: "search")),
            .blockDelta(index: 2, delta: .toolInputJSON(#"{"q":"\#(awkward)"}"#)),
            .blockStop(index: 2),
            .messageDelta(MessageDelta(stopReason: .toolUse, usage: startUsage)),
            .messageStop,
        ]
        var decoder = Anthropic.MessagesStreamDecoder()
        var decoded: [StreamEvent] = []
        for event in AnthropicFixture.parseEvents(encode(events)) { decoded += try decoder.decode(event) }
        decoded += try decoder.finish()
        #expect(decoded == events)
    }

    @Test func withoutStartUsageSendsZerosThenTheFiguresInMessageDelta() throws {
        let events: [StreamEvent] = [
            .messageStart(MessageStart(id: "chatcmpl-AbC123", model: "gpt-4o-mini")),
            .blockStart(index: 0, block: .text),
            .blockDelta(index: 0, delta: .text("Hello!")),
            .blockStop(index: 0),
            .messageDelta(MessageDelta(stopReason: .endTurn, usage: Usage(inputTokens: 30, cacheReadTokens: 10, outputTokens: 5))),
            .messageStop,
        ]
        let produced = AnthropicFixture.parseEvents(encode(events))
        #expect(produced.map(\.event) == [
            "message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop",
        ])
        let start = try AnthropicFixture.parse(produced[0].data)
        #expect(start["message"]?["id"] == .string("msg_chatcmpl-AbC123"))
        #expect(start["message"]?["content"] == .array([]))
        #expect(start["message"]?["stop_reason"] == .null)
        #expect(
            start["message"]?["usage"]
                == (try AnthropicFixture.parse(
                    """
                    {"input_tokens": 0, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0,
                     "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0}, "output_tokens": 0}
                    """
                ))
        )
        #expect(
            try AnthropicFixture.parse(produced[4].data)
                == AnthropicFixture.parse(
                    """
                    {"type": "message_delta", "delta": {"stop_reason": "end_turn", "stop_sequence": null},
                     "usage": {"output_tokens": 5, "input_tokens": 30, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 10}}
                    """
                )
        )
    }

    @Test func renumbersBlocksAndDropsSignaturesOfToolCalls() throws {
        let events: [StreamEvent] = [
            .messageStart(MessageStart(id: "resp-1", model: "gemini-2.5-pro")),
            .blockStart(index: 1, block: .toolUse(id: "call_1", name: "lookup", signature: "gem-sig")),
            .blockDelta(index: 1, delta: .signature("gem-sig-2")),
            .blockDelta(index: 1, delta: .toolInputJSON("{}")),
            .blockStop(index: 1),
            .blockStart(index: 3, block: .redactedThinking(data: "opaque")),
            .blockStop(index: 3),
            .blockDelta(index: 9, delta: .text("stray")),
        ]
        let produced = try AnthropicFixture.semantic(AnthropicFixture.parseEvents(encode(events)))
        let expected = try [
            AnthropicFixture.Pair(
                event: "content_block_start",
                data: AnthropicFixture.parse(
                    #"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"call_1","name":"lookup","input":{}}}"#
                )
            ),
            AnthropicFixture.Pair(
                event: "content_block_delta",
                data: AnthropicFixture.parse(#"{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{}"}}"#)
            ),
            AnthropicFixture.Pair(event: "content_block_stop", data: AnthropicFixture.parse(#"{"type":"content_block_stop","index":0}"#)),
            AnthropicFixture.Pair(
                event: "content_block_start",
                data: AnthropicFixture.parse(
                    #"{"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"opaque"}}"#
                )
            ),
            AnthropicFixture.Pair(event: "content_block_stop", data: AnthropicFixture.parse(#"{"type":"content_block_stop","index":1}"#)),
        ]
        #expect(Array(produced.dropFirst()) == expected)
    }

    @Test func laterMessageDeltasRepeatTheStopReason() throws {
        let events: [StreamEvent] = [
            .messageStart(MessageStart(id: "msg_1", model: "m")),
            .messageDelta(MessageDelta(stopReason: .stopSequence, stopSequence: "END")),
            .messageDelta(MessageDelta(usage: Usage(inputTokens: 3, outputTokens: 2))),
        ]
        let produced = AnthropicFixture.parseEvents(encode(events))
        let first = try AnthropicFixture.parse(produced[1].data)
        let last = try AnthropicFixture.parse(produced[2].data)
        #expect(first["usage"]?["output_tokens"] == .int(0))
        #expect(last["delta"] == (try AnthropicFixture.parse(#"{"stop_reason": "stop_sequence", "stop_sequence": "END"}"#)))
        #expect(last["usage"]?["input_tokens"] == .int(3))
        #expect(last["usage"]?["output_tokens"] == .int(2))
    }

    @Test func errorsBecomeErrorEvents() throws {
        let bytes = encode([
            .messageStart(MessageStart(id: "msg_1", model: "m")),
            .error(SwitchyardError.upstream(status: 529, message: "Overloaded", type: "overloaded_error")),
        ])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasSuffix("\n\n"))
        let produced = AnthropicFixture.parseEvents(bytes)
        #expect(produced.last?.event == "error")
        let error = try AnthropicFixture.parse(try #require(produced.last).data)
        #expect(error["type"] == .string("error"))
        #expect(error["error"]?["type"] == .string("overloaded_error"))
        #expect(error["error"]?["message"] == .string("Overloaded"))
        #expect(error["error"]?["stage"] == .string("provider"))
        #expect(error["error"]?["code"] == .string("upstream_unavailable"))

        var encoder = Anthropic.MessagesStreamEncoder()
        let explicit = encoder.encodeError(SwitchyardError(code: .budgetExceeded, message: "spent", stage: .budget), requestID: "req_9")
        let explicitEvent = try #require(AnthropicFixture.parseEvents(explicit).first)
        #expect(String(decoding: explicit, as: UTF8.self).hasPrefix("event: error\ndata: {"))
        #expect(try AnthropicFixture.parse(explicitEvent.data)["request_id"] == .string("req_9"))
    }
}
