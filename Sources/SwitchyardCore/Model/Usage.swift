/// Token counts of one model call, normalized so that no kind is counted twice.
///
/// Every provider translator owns its provider's rule for filling this in:
/// - OpenAI `prompt_tokens` includes `cached_tokens`: fresh input = prompt − cached.
/// - Gemini `promptTokenCount` includes `cachedContentTokenCount`: fresh input = prompt − cached;
///   its `thoughtsTokenCount` is *not* in `candidatesTokenCount`: output = candidates + thoughts.
/// - Anthropic `input_tokens` already excludes both cache counts.
///
/// ``outputTokens`` is every billed output token, reasoning included; ``reasoningTokens`` says how many of
/// those were reasoning.
public struct Usage: Sendable, Hashable {
    /// Input tokens neither read from nor written to a prompt cache.
    public var inputTokens: Int
    /// Input tokens served from a prompt cache.
    public var cacheReadTokens: Int
    /// Input tokens written to a prompt cache with the five-minute (default) lifetime.
    public var cacheWriteTokens: Int
    /// Input tokens written to a prompt cache with the one-hour lifetime.
    public var cacheWrite1hTokens: Int
    /// All output tokens, reasoning included.
    public var outputTokens: Int
    /// The share of ``outputTokens`` spent on reasoning.
    public var reasoningTokens: Int

    /// Creates usage figures; every count defaults to zero.
    public init(
        inputTokens: Int = 0,
        cacheReadTokens: Int = 0,
        cacheWriteTokens: Int = 0,
        cacheWrite1hTokens: Int = 0,
        outputTokens: Int = 0,
        reasoningTokens: Int = 0
    ) {
        self.inputTokens = inputTokens
        self.cacheReadTokens = cacheReadTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.cacheWrite1hTokens = cacheWrite1hTokens
        self.outputTokens = outputTokens
        self.reasoningTokens = reasoningTokens
    }

    /// No tokens at all.
    public static let zero = Usage()

    /// Every input token: fresh, cache reads and cache writes (OpenAI's `prompt_tokens`).
    public var totalInputTokens: Int {
        inputTokens + cacheReadTokens + cacheWriteTokens + cacheWrite1hTokens
    }

    /// Both cache-write lifetimes together (Anthropic's `cache_creation_input_tokens`).
    public var totalCacheWriteTokens: Int {
        cacheWriteTokens + cacheWrite1hTokens
    }

    /// All input and output tokens.
    public var totalTokens: Int {
        totalInputTokens + outputTokens
    }
}
