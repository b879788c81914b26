import SwitchyardCore

extension Gemini {
    /// Token counts of one call, as Gemini reports them.
    ///
    /// `promptTokenCount` *includes* `cachedContentTokenCount`; `thoughtsTokenCount` and
    /// `toolUsePromptTokenCount` are *not* included in `candidatesTokenCount` or `promptTokenCount`.
    /// ``usage`` applies these rules.
    public struct UsageMetadata: Codable, Sendable, Hashable {
        /// Prompt tokens, cached ones included.
        public var promptTokenCount: Int?
        /// Prompt tokens served from the context cache.
        public var cachedContentTokenCount: Int?
        /// Tokens of the generated candidates, thoughts excluded.
        public var candidatesTokenCount: Int?
        /// Tokens of tool-use prompts (results of built-in tools fed back to the model).
        public var toolUsePromptTokenCount: Int?
        /// Tokens the model spent thinking.
        public var thoughtsTokenCount: Int?
        /// All tokens of the call.
        public var totalTokenCount: Int?

        /// Creates usage metadata.
        public init(
            promptTokenCount: Int? = nil,
            cachedContentTokenCount: Int? = nil,
            candidatesTokenCount: Int? = nil,
            toolUsePromptTokenCount: Int? = nil,
            thoughtsTokenCount: Int? = nil,
            totalTokenCount: Int? = nil
        ) {
            self.promptTokenCount = promptTokenCount
            self.cachedContentTokenCount = cachedContentTokenCount
            self.candidatesTokenCount = candidatesTokenCount
            self.toolUsePromptTokenCount = toolUsePromptTokenCount
            self.thoughtsTokenCount = thoughtsTokenCount
            self.totalTokenCount = totalTokenCount
        }

        /// The counts in canonical form: fresh input = prompt − cached + tool-use prompt; cache reads = cached;
        /// output = candidates + thoughts; reasoning = thoughts.
        public var usage: Usage {
            let prompt = promptTokenCount ?? 0
            let cached = cachedContentTokenCount ?? 0
            let thoughts = thoughtsTokenCount ?? 0
            return Usage(
                inputTokens: max(0, prompt - cached) + (toolUsePromptTokenCount ?? 0),
                cacheReadTokens: cached,
                outputTokens: (candidatesTokenCount ?? 0) + thoughts,
                reasoningTokens: thoughts
            )
        }
    }
}
