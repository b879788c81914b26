import SwitchyardCore
import Testing

@Suite("Folding stream events into a response")
struct ChatResponseAccumulatorTests {
    @Test("A response streamed as events folds back to itself")
    func roundTrip() throws {
        let response = ChatResponse(
            id: "msg_1",
            model: "claude-haiku-4-5",
            content: [
                .thinking(Thinking(text: "Let me check.", signature: "sig-1")),
                .text("Checking the weather."),
                .toolUse(ToolUse(id: "toolu_1", name: "get_weather", input: .object(["location": .string("Paris")]))),
            ],
            stopReason: .toolUse,
            usage: Usage(inputTokens: 12, cacheReadTokens: 8, cacheWriteTokens: 4, outputTokens: 5)
        )
        var accumulator = ChatResponseAccumulator()
        for event in response.streamEvents {
            try accumulator.consume(event)
        }
        #expect(accumulator.isComplete)
        #expect(accumulator.response == response)
    }

    @Test("Tool input fragments join into one JSON object")
    func toolInputFragments() throws {
        var accumulator = ChatResponseAccumulator()
        let events: [StreamEvent] = [
            .messageStart(MessageStart(id: "1", model: "m")),
            .blockStart(index: 0, block: .toolUse(id: "call_1", name: "lookup")),
            .blockDelta(index: 0, delta: .toolInputJSON(#"{"city": "Pa"#)),
            .blockDelta(index: 0, delta: .toolInputJSON(#"ris", "days": 3}"#)),
            .blockStop(index: 0),
            .messageDelta(MessageDelta(stopReason: .toolUse, usage: Usage(inputTokens: 1, outputTokens: 2))),
            .messageStop,
        ]
        for event in events { try accumulator.consume(event) }
        let expected = ToolUse(id: "call_1", name: "lookup", input: .object(["city": .string("Paris"), "days": .int(3)]))
        #expect(accumulator.response.content == [.toolUse(expected)])
        #expect(accumulator.response.usage == Usage(inputTokens: 1, outputTokens: 2))
    }

    @Test("The last message delta's usage is the final usage")
    func cumulativeUsage() throws {
        var accumulator = ChatResponseAccumulator()
        try accumulator.consume(.messageStart(MessageStart(id: "1", model: "m", usage: Usage(inputTokens: 10, outputTokens: 1))))
        #expect(accumulator.currentUsage == Usage(inputTokens: 10, outputTokens: 1))
        try accumulator.consume(.messageDelta(MessageDelta(usage: Usage(inputTokens: 10, outputTokens: 7))))
        #expect(accumulator.currentUsage == Usage(inputTokens: 10, outputTokens: 7))
    }

    @Test("An error event is thrown")
    func errorEvent() {
        var accumulator = ChatResponseAccumulator()
        let failure = SwitchyardError.upstream(status: 529, message: "Overloaded")
        #expect(throws: failure) { try accumulator.consume(.error(failure)) }
    }
}
