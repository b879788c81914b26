import SwitchyardCore

extension MockUpstream {
    /// How a mock answers a healthy request; every answer is deterministic so tests can assert exact values.
    ///
    /// The answer depends on the conversation:
    /// - tools are offered (and not disabled by the tool choice) and the last message is a user message that
    ///   carries no tool result: one call to the first tool (or the one the tool choice names), id
    ///   `call_mock_1` (OpenAI), `toolu_mock_1` (Anthropic) or `fc_mock_1` (Gemini), with arguments built from
    ///   its schema: `location` = `"Paris"`, then each required property: strings `"test"`, numbers and
    ///   integers `1`, booleans `true`, enums their first value, arrays `[]`, objects `{}`;
    /// - the last message carries tool results: the text `The tool said: <result>` (several results are joined
    ///   with `"; "`);
    /// - otherwise: ``replyText``.
    ///
    /// The `model` of every answer echoes the requested model.
    public struct Behavior: Sendable, Hashable {
        /// The text of a plain answer. Default `Hello from the mock <provider> upstream.`
        public var replyText: String
        /// The token counts every answer reports, in canonical form, written in each provider's convention:
        /// - OpenAI: `prompt_tokens` = fresh + cache read + cache writes, `prompt_tokens_details.cached_tokens`
        ///   = cache read, `completion_tokens` = output, `completion_tokens_details.reasoning_tokens` = reasoning;
        /// - Anthropic: `input_tokens` = fresh, `cache_read_input_tokens`, `cache_creation_input_tokens` = both
        ///   writes, `cache_creation.ephemeral_5m_input_tokens` / `ephemeral_1h_input_tokens`, `output_tokens`;
        /// - Gemini: `promptTokenCount` = fresh + cache read + cache writes, `cachedContentTokenCount` = cache
        ///   read, `candidatesTokenCount` = output − reasoning, `thoughtsTokenCount` = reasoning,
        ///   `totalTokenCount` = all (zero counts are omitted, as Gemini does).
        ///
        /// ``expectedUsage(for:)`` gives what a correct translator reads back.
        ///
        /// Default: 12 fresh input, 8 cache read, 5 output, 0 reasoning, and 4 cache write (five-minute) for
        /// Anthropic only: OpenAI and Gemini report no cache writes, so their defaults have none.
        public var usage: Usage
        /// Into how many pieces a streamed text (or tool-argument JSON) is split. Default 4.
        public var streamChunkCount: Int
        /// The model's context window in tokens (estimated as request bytes / 4); a longer prompt is refused with
        /// the provider's documented context-length error. `nil` (the default) accepts any size.
        public var contextWindowTokens: Int?

        /// The default behaviour of a mock of `provider`.
        public init(provider: ProviderKind) {
            self.replyText = "Hello from the mock \(Self.displayName(of: provider)) upstream."
            self.usage = Usage(
                inputTokens: 12,
                cacheReadTokens: 8,
                cacheWriteTokens: provider == .anthropic ? 4 : 0,
                outputTokens: 5
            )
            self.streamChunkCount = 4
        }

        /// A behaviour with explicit values.
        public init(replyText: String, usage: Usage, streamChunkCount: Int = 4) {
            self.replyText = replyText
            self.usage = usage
            self.streamChunkCount = streamChunkCount
        }

        /// The canonical usage a correct translator of `provider` derives from this mock's wire figures.
        ///
        /// Equal to ``usage`` for Anthropic. OpenAI and Gemini have no cache-write count: cache writes are
        /// reported inside the prompt total, so they come back as fresh input tokens.
        public func expectedUsage(for provider: ProviderKind) -> Usage {
            switch provider {
            case .anthropic:
                return usage
            case .openAI, .openAICompatible, .gemini:
                return Usage(
                    inputTokens: usage.inputTokens + usage.totalCacheWriteTokens,
                    cacheReadTokens: usage.cacheReadTokens,
                    outputTokens: usage.outputTokens,
                    reasoningTokens: usage.reasoningTokens
                )
            }
        }

        static func displayName(of provider: ProviderKind) -> String {
            switch provider {
            case .openAI: "OpenAI"
            case .anthropic: "Anthropic"
            case .gemini: "Gemini"
            case .openAICompatible: "OpenAI-compatible"
            }
        }
    }
}
