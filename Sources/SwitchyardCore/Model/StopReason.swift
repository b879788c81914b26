/// Why the model stopped, mapped both ways between every provider's vocabulary.
public enum StopReason: String, Sendable, Hashable {
    /// A natural end (OpenAI `stop`, Anthropic `end_turn`, Gemini `STOP`).
    case endTurn = "end_turn"
    /// The output token limit was hit (OpenAI `length`, Gemini `MAX_TOKENS`).
    case maxTokens = "max_tokens"
    /// A client stop sequence matched (OpenAI reports it as `stop`).
    case stopSequence = "stop_sequence"
    /// The model wants tool results (OpenAI `tool_calls`).
    case toolUse = "tool_use"
    /// The provider's safety filter cut the answer (OpenAI `content_filter`, Gemini `SAFETY` and kin).
    case contentFilter = "content_filter"
    /// The model declined to answer (Anthropic `refusal`).
    case refusal
    /// A long-running turn paused by the provider (Anthropic `pause_turn`).
    case pauseTurn = "pause_turn"
}
