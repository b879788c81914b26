import SwitchyardCore
import SwitchyardProviders
import Testing

/// The bill for real wire responses of each provider — whole and streamed, with and without prompt-cache hits —
/// against figures computed by hand from the providers' price lists.
///
/// Each provider counts cached tokens differently (OpenAI and Gemini include them in the prompt count,
/// Anthropic does not); a translator that gets it wrong bills cache hits at 2–10× their price, the bug these
/// rows guard against.
@Suite("Cost of real responses")
struct CostTableTests {
    /// $2.50 input, $1.25 cached input, $10 output per million tokens (gpt-4o).
    static let openAIPrice = ModelPrice(input: dollars("2.50"), output: dollars("10"), cacheRead: dollars("1.25"))
    /// $3 input, $0.30 cache read, $3.75 5-minute write, $6 1-hour write, $15 output (claude-sonnet-4-5).
    static let anthropicPrice = ModelPrice(
        input: dollars("3"),
        output: dollars("15"),
        cacheRead: dollars("0.30"),
        cacheWrite: dollars("3.75"),
        cacheWrite1h: dollars("6")
    )
    /// $0.30 input, $0.03 cached, $2.50 output, thinking included (gemini-2.5-flash).
    static let geminiPrice = ModelPrice(input: dollars("0.30"), output: dollars("2.50"), cacheRead: dollars("0.03"))

    struct Row: CustomTestStringConvertible, Sendable {
        var name: String
        var provider: ProviderKind
        var streamed: Bool
        var wire: String
        var price: ModelPrice
        /// Nanodollars, computed by hand in the comment beside each row.
        var expected: Int64

        var testDescription: String { name }
    }

    static let rows: [Row] = [
        // 1000 × $2.50/M + 200 × $10/M = 0.0025 + 0.002 = $0.0045
        Row(name: "OpenAI, no cache", provider: .openAI, streamed: false, wire: #"""
            {"id":"chatcmpl-1","object":"chat.completion","created":1763900000,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":1000,"completion_tokens":200,"total_tokens":1200,
                      "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}
            """#, price: openAIPrice, expected: 4_500_000),
        // fresh 2006 − 1920 = 86: 86 × 2.50 + 1920 × 1.25 + 300 × 10 (reasoning 128 inside) = 215 + 2400 + 3000 µ$
        Row(name: "OpenAI, cache hit", provider: .openAI, streamed: false, wire: #"""
            {"id":"chatcmpl-2","object":"chat.completion","created":1763900000,"model":"gpt-4o-2024-08-06",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,
                      "prompt_tokens_details":{"cached_tokens":1920},"completion_tokens_details":{"reasoning_tokens":128}}}
            """#, price: openAIPrice, expected: 5_615_000),
        Row(name: "OpenAI, cache hit, streamed", provider: .openAI, streamed: true, wire: """
            data: {"id":"chatcmpl-3","object":"chat.completion.chunk","created":1763900000,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-3","object":"chat.completion.chunk","created":1763900000,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null}

            data: {"id":"chatcmpl-3","object":"chat.completion.chunk","created":1763900000,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}

            data: {"id":"chatcmpl-3","object":"chat.completion.chunk","created":1763900000,"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":2006,"completion_tokens":300,"total_tokens":2306,"prompt_tokens_details":{"cached_tokens":1920},"completion_tokens_details":{"reasoning_tokens":128}}}

            data: [DONE]


            """, price: openAIPrice, expected: 5_615_000),
        // 500 × $3/M + 100 × $15/M = 1500 + 1500 µ$
        Row(name: "Anthropic, no cache", provider: .anthropic, streamed: false, wire: #"""
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":500,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":100}}
            """#, price: anthropicPrice, expected: 3_000_000),
        // 50 × 3 + 10000 × 0.30 + 1500 × 3.75 + 500 × 6 + 400 × 15 = 150 + 3000 + 5625 + 3000 + 6000 µ$
        Row(name: "Anthropic, cache read and both write lifetimes", provider: .anthropic, streamed: false, wire: #"""
            {"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
             "content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":50,"cache_creation_input_tokens":2000,"cache_read_input_tokens":10000,
                      "cache_creation":{"ephemeral_5m_input_tokens":1500,"ephemeral_1h_input_tokens":500},"output_tokens":400}}
            """#, price: anthropicPrice, expected: 17_775_000),
        // 50 × 3 + 10000 × 0.30 + 2000 × 3.75 + 400 × 15 = 150 + 3000 + 7500 + 6000 µ$
        Row(name: "Anthropic, cache read and write, streamed", provider: .anthropic, streamed: true, wire: """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_03","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":50,"cache_creation_input_tokens":2000,"cache_read_input_tokens":10000,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":400}}

            event: message_stop
            data: {"type":"message_stop"}


            """, price: anthropicPrice, expected: 16_650_000),
        // 1000 × $0.30/M + 200 × $2.50/M = 300 + 500 µ$
        Row(name: "Gemini, no cache", provider: .gemini, streamed: false, wire: #"""
            {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":1000,"candidatesTokenCount":200,"totalTokenCount":1200},
             "modelVersion":"gemini-2.5-flash","responseId":"r1"}
            """#, price: geminiPrice, expected: 800_000),
        // fresh 5000 − 4000 = 1000: 1000 × 0.30 + 4000 × 0.03 + (300 + 200 thoughts) × 2.50 = 300 + 120 + 1250 µ$
        Row(name: "Gemini, cache hit with thinking", provider: .gemini, streamed: false, wire: #"""
            {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP","index":0}],
             "usageMetadata":{"promptTokenCount":5000,"cachedContentTokenCount":4000,"candidatesTokenCount":300,
                              "thoughtsTokenCount":200,"totalTokenCount":5500},
             "modelVersion":"gemini-2.5-flash","responseId":"r2"}
            """#, price: geminiPrice, expected: 1_670_000),
        Row(name: "Gemini, cache hit with thinking, streamed", provider: .gemini, streamed: true, wire: """
            data: {"candidates":[{"content":{"parts":[{"text":"H"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":5000,"cachedContentTokenCount":4000,"candidatesTokenCount":1,"thoughtsTokenCount":200,"totalTokenCount":5201},"modelVersion":"gemini-2.5-flash","responseId":"r3"}

            data: {"candidates":[{"content":{"parts":[{"text":"i"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":5000,"cachedContentTokenCount":4000,"candidatesTokenCount":300,"thoughtsTokenCount":200,"totalTokenCount":5500},"modelVersion":"gemini-2.5-flash","responseId":"r3"}


            """, price: geminiPrice, expected: 1_670_000),
    ]

    @Test("The bill matches the hand-computed figure", arguments: rows)
    func bill(_ row: Row) throws {
        let usage = row.streamed ? try Self.streamedUsage(row) : try Self.translator(row.provider).decodeResponse(Array(row.wire.utf8)).usage
        #expect(row.price.cost(of: usage) == Money(nanodollars: row.expected))
    }

    private static func streamedUsage(_ row: Row) throws -> Usage {
        var parser = ServerSentEventParser()
        var decoder = translator(row.provider).makeStreamDecoder()
        var accumulator = ChatResponseAccumulator()
        for event in parser.feed(Array(row.wire.utf8)) + parser.finish() {
            for canonical in try decoder.decode(event) {
                try accumulator.consume(canonical)
            }
        }
        for canonical in try decoder.finish() {
            try accumulator.consume(canonical)
        }
        #expect(accumulator.isComplete)
        return accumulator.currentUsage
    }

    private static func translator(_ kind: ProviderKind) -> any ProviderTranslator {
        switch kind {
        case .openAI, .openAICompatible: OpenAI.ChatCompletionsTranslator()
        case .anthropic: Anthropic.MessagesTranslator()
        case .gemini: Gemini.GenerateContentTranslator()
        }
    }

    private static func dollars(_ text: String) -> Money {
        Money(decimalDollars: text)!
    }
}
