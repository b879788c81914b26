import SwitchyardCore

extension OpenAI.Usage {
    /// The normalized usage. OpenAI's `prompt_tokens` includes `cached_tokens`, so fresh input is the
    /// difference; `completion_tokens` already includes `reasoning_tokens`. Missing or `null` counts read as 0,
    /// and a cached count larger than the prompt (a broken server) is capped at the prompt.
    var canonical: Usage {
        let prompt = max(promptTokens ?? 0, 0)
        let cached = min(max(promptTokensDetails?.cachedTokens ?? promptCacheHitTokens ?? 0, 0), prompt)
        return Usage(
            inputTokens: prompt - cached,
            cacheReadTokens: cached,
            outputTokens: max(completionTokens ?? 0, 0),
            reasoningTokens: max(completionTokensDetails?.reasoningTokens ?? 0, 0)
        )
    }

    /// OpenAI's figures for a normalized usage: every input kind counts toward `prompt_tokens` (OpenAI has no
    /// cache-write kind, so writes are plain prompt tokens), cache reads are `cached_tokens`.
    init(canonical usage: Usage) {
        self.init(
            promptTokens: usage.totalInputTokens,
            completionTokens: usage.outputTokens,
            totalTokens: usage.totalTokens,
            promptTokensDetails: OpenAI.PromptTokensDetails(cachedTokens: usage.cacheReadTokens),
            completionTokensDetails: OpenAI.CompletionTokensDetails(reasoningTokens: usage.reasoningTokens)
        )
    }
}
