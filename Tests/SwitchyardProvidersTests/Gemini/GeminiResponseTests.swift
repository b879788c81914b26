import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("Gemini response translation")
struct GeminiResponseTests {
    let translator = Gemini.GenerateContentTranslator()

    @Test("Cached and thought tokens normalize: fresh = prompt − cached, output = candidates + thoughts")
    func thinkingWithCachedPrompt() throws {
        let response = try translator.decodeResponse(try GeminiFixture.bytes("response-thinking-cached"))
        #expect(response == ChatResponse(
            id: "Cb7ZaPmBLcLq7M8P6qXWoAk",
            model: "gemini-2.5-flash",
            content: [
                .thinking(Thinking(text: "**Recalling color theory**\nThe question is about additive color mixing, so the answer is the light primaries.")),
                .text("The three primary colors of light are red, green and blue."),
            ],
            stopReason: .endTurn,
            usage: Usage(inputTokens: 400, cacheReadTokens: 600, outputTokens: 350, reasoningTokens: 150)
        ))
    }

    @Test("Function calls without ids get stable synthesized ids and stop with tool_use")
    func functionCallsWithSynthesizedIDs() throws {
        let body = try GeminiFixture.bytes("response-function-calls")
        let response = try translator.decodeResponse(body)
        #expect(response == ChatResponse(
            id: "f7LaaLTnIuCb7M8Pu5u6qQ4",
            model: "gemini-2.5-pro",
            content: [
                .toolUse(ToolUse(
                    id: "call_cabd3a38f3015269",
                    name: "get_weather",
                    input: .object(["location": .string("Boston, MA")]),
                    signature: "CrUCAVSoXO7hAbRW5rA8mV2bXh0P2tq1kA"
                )),
                .toolUse(ToolUse(
                    id: "call_cabd3938f30150b6",
                    name: "get_weather",
                    input: .object(["location": .string("Paris, France"), "unit": .string("celsius")])
                )),
            ],
            stopReason: .toolUse,
            usage: Usage(inputTokens: 95, outputTokens: 81, reasoningTokens: 49)
        ))
        #expect(try translator.decodeResponse(body) == response)
    }

    @Test("A function call's own id is kept")
    func functionCallIDKept() throws {
        let response = try translator.decodeResponse(Array(#"""
            {"candidates": [{"content": {"role": "model", "parts": [
              {"functionCall": {"id": "8f2b1c", "name": "get_time"}}
            ]}, "finishReason": "STOP"}], "responseId": "r-2", "modelVersion": "gemini-3-flash-preview"}
            """#.utf8))
        #expect(response.content == [.toolUse(ToolUse(id: "8f2b1c", name: "get_time", input: .object([:])))])
    }

    @Test("A candidate stopped by the safety filter is a content_filter stop with no content")
    func candidateSafetyBlock() throws {
        let response = try translator.decodeResponse(try GeminiFixture.bytes("response-candidate-safety"))
        #expect(response.content.isEmpty)
        #expect(response.stopReason == .contentFilter)
        #expect(response.usage == Usage(inputTokens: 12))
    }

    @Test("A blocked prompt (promptFeedback.blockReason, no candidates) is a content_filter stop with no content")
    func promptBlocked() throws {
        let response = try translator.decodeResponse(try GeminiFixture.bytes("response-prompt-blocked"))
        #expect(response == ChatResponse(
            id: "x17aaNGzA8Xk7M8Pv9uYqQk",
            model: "gemini-2.0-flash",
            content: [],
            stopReason: .contentFilter,
            usage: Usage(inputTokens: 8)
        ))
    }

    @Test(
        "finishReason maps to the canonical stop reason",
        arguments: [
            ("STOP", StopReason.endTurn),
            ("MAX_TOKENS", .maxTokens),
            ("SAFETY", .contentFilter),
            ("RECITATION", .contentFilter),
            ("BLOCKLIST", .contentFilter),
            ("PROHIBITED_CONTENT", .contentFilter),
            ("SPII", .contentFilter),
            ("MALFORMED_FUNCTION_CALL", .endTurn),
            ("OTHER", .endTurn),
        ]
    )
    func finishReasons(finishReason: String, expected: StopReason) throws {
        let body = #"{"candidates": [{"content": {"role": "model", "parts": [{"text": "Hi"}]}, "finishReason": "\#(finishReason)"}]}"#
        #expect(try translator.decodeResponse(Array(body.utf8)).stopReason == expected)
    }

    @Test("Tool-use prompt tokens count as fresh input")
    func toolUsePromptTokens() throws {
        let usage = Gemini.UsageMetadata(
            promptTokenCount: 500,
            cachedContentTokenCount: 100,
            candidatesTokenCount: 40,
            toolUsePromptTokenCount: 60,
            thoughtsTokenCount: 0,
            totalTokenCount: 600
        ).usage
        #expect(usage == Usage(inputTokens: 460, cacheReadTokens: 100, outputTokens: 40))
    }

    @Test("A body that is not a GenerateContentResponse is an upstream protocol error")
    func malformedBody() throws {
        let wrongShape = try #require(throws: SwitchyardError.self) {
            try translator.decodeResponse(Array(#"{"candidates": "nope"}"#.utf8))
        }
        #expect(wrongShape.code == .upstreamProtocolError)
        let empty = try #require(throws: SwitchyardError.self) { try translator.decodeResponse(Array("{}".utf8)) }
        #expect(empty.code == .upstreamProtocolError)
    }
}
