import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("Gemini stream decoding")
struct GeminiStreamDecoderTests {
    /// Runs SSE bytes through the parser and a fresh decoder, `finish()` included.
    static func decode(_ bytes: [UInt8]) throws -> [StreamEvent] {
        var parser = ServerSentEventParser()
        var decoder = Gemini.GenerateContentTranslator().makeStreamDecoder()
        var events: [StreamEvent] = []
        for event in parser.feed(bytes) + parser.finish() {
            events += try decoder.decode(event)
        }
        return events + (try decoder.finish())
    }

    @Test("Thought, text chunks, a function call and the final chunk become the exact canonical events")
    func transcript() throws {
        let events = try Self.decode(try GeminiFixture.bytes("stream-text-function-call", extension: "sse"))
        #expect(events == [
            .messageStart(MessageStart(
                id: "mH1aaJ2bK8ePz7IP2Li9oQ0",
                model: "gemini-2.5-flash",
                usage: Usage(inputTokens: 120, outputTokens: 30, reasoningTokens: 30)
            )),
            .blockStart(index: 0, block: .thinking),
            .blockDelta(index: 0, delta: .thinking("**Checking the forecast**\nThe user wants Boston weather; I should call the tool.")),
            .blockStop(index: 0),
            .blockStart(index: 1, block: .text),
            .blockDelta(index: 1, delta: .text("Let me check")),
            .blockDelta(index: 1, delta: .text(" the weather in Boston for you.")),
            .blockStop(index: 1),
            .blockStart(index: 2, block: .toolUse(id: "call_b9610bbb570e544c", name: "get_weather", signature: "CikBVKhc7mF1p0nQe0GQ4t2CkXcZ")),
            .blockDelta(index: 2, delta: .toolInputJSON(#"{"location":"Boston, MA","unit":"celsius"}"#)),
            .blockStop(index: 2),
            .messageDelta(MessageDelta(
                stopReason: .toolUse,
                usage: Usage(inputTokens: 56, cacheReadTokens: 64, outputTokens: 55, reasoningTokens: 30)
            )),
            .messageStop,
        ])
    }

    @Test("The streamed events fold into the same answer a whole response would give")
    func transcriptAccumulates() throws {
        var accumulator = ChatResponseAccumulator()
        for event in try Self.decode(try GeminiFixture.bytes("stream-text-function-call", extension: "sse")) {
            try accumulator.consume(event)
        }
        #expect(accumulator.isComplete)
        #expect(accumulator.response.content == [
            .thinking(Thinking(text: "**Checking the forecast**\nThe user wants Boston weather; I should call the tool.")),
            .text("Let me check the weather in Boston for you."),
            .toolUse(ToolUse(
                id: "call_b9610bbb570e544c",
                name: "get_weather",
                input: .object(["location": .string("Boston, MA"), "unit": .string("celsius")]),
                signature: "CikBVKhc7mF1p0nQe0GQ4t2CkXcZ"
            )),
        ])
    }

    @Test("A stream that ends before any finishReason fails with an upstream protocol error")
    func truncatedStream() throws {
        var decoder = Gemini.GenerateContentStreamDecoder()
        let events = try decoder.decode(ServerSentEvent(data: #"{"candidates": [{"content": {"role": "model", "parts": [{"text": "Hel"}]}}], "responseId": "r-3", "modelVersion": "gemini-2.5-flash"}"#))
        #expect(events == [
            .messageStart(MessageStart(id: "r-3", model: "gemini-2.5-flash")),
            .blockStart(index: 0, block: .text),
            .blockDelta(index: 0, delta: .text("Hel")),
        ])
        let error = try #require(throws: SwitchyardError.self) { try decoder.finish() }
        #expect(error.code == .upstreamProtocolError)
        #expect(error.message.contains("finishReason"))
    }

    @Test("An error object inside the stream becomes an error event and ends the stream")
    func inStreamError() throws {
        var decoder = Gemini.GenerateContentStreamDecoder()
        _ = try decoder.decode(ServerSentEvent(data: #"{"candidates": [{"content": {"role": "model", "parts": [{"text": "Hi"}]}}], "responseId": "r-4"}"#))
        let events = try decoder.decode(ServerSentEvent(data: #"{"error": {"code": 503, "message": "The model is overloaded. Please try again later.", "status": "UNAVAILABLE"}}"#))
        let expected = SwitchyardError.upstream(status: 503, message: "The model is overloaded. Please try again later.", type: "UNAVAILABLE")
        #expect(events == [.error(expected)])
        #expect(expected.code == .upstreamUnavailable)
        #expect(try decoder.finish() == [])
    }

    @Test("A prompt blocked in the first chunk ends the message with a content_filter stop")
    func promptBlockedInStream() throws {
        var decoder = Gemini.GenerateContentStreamDecoder()
        let events = try decoder.decode(ServerSentEvent(data: #"{"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"}, "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9}, "modelVersion": "gemini-2.5-flash", "responseId": "r-5"}"#))
        #expect(events == [
            .messageStart(MessageStart(id: "r-5", model: "gemini-2.5-flash", usage: Usage(inputTokens: 9))),
            .messageDelta(MessageDelta(stopReason: .contentFilter, usage: Usage(inputTokens: 9))),
            .messageStop,
        ])
        #expect(try decoder.finish() == [])
    }

    @Test("A signature on a plain text part streams as a signature-only thinking block before the text")
    func textSignature() throws {
        var decoder = Gemini.GenerateContentStreamDecoder()
        var events = try decoder.decode(ServerSentEvent(data: #"{"candidates": [{"content": {"role": "model", "parts": [{"text": "Hello"}]}}], "responseId": "r-6"}"#))
        events += try decoder.decode(ServerSentEvent(data: #"{"candidates": [{"content": {"role": "model", "parts": [{"text": "", "thoughtSignature": "sig-end"}]}, "finishReason": "STOP"}], "responseId": "r-6"}"#))
        #expect(events == [
            .messageStart(MessageStart(id: "r-6", model: "")),
            .blockStart(index: 0, block: .text),
            .blockDelta(index: 0, delta: .text("Hello")),
            .blockStop(index: 0),
            .blockStart(index: 1, block: .thinking),
            .blockDelta(index: 1, delta: .signature("sig-end")),
            .blockStop(index: 1),
            .messageDelta(MessageDelta(stopReason: .endTurn, usage: .zero)),
            .messageStop,
        ])
    }

    @Test("A chunk that is not JSON is an upstream protocol error")
    func malformedChunk() throws {
        var decoder = Gemini.GenerateContentStreamDecoder()
        let error = try #require(throws: SwitchyardError.self) { try decoder.decode(ServerSentEvent(data: "{not json")) }
        #expect(error.code == .upstreamProtocolError)
    }
}
