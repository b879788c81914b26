/// The wire protocols Switchyard speaks to upstreams.
public enum ProviderKind: String, Sendable, Hashable, CaseIterable {
    /// OpenAI's Chat Completions API.
    case openAI = "openai"
    /// Anthropic's Messages API.
    case anthropic
    /// Google's Gemini API (`generateContent`).
    case gemini
    /// Any server that speaks Chat Completions: vLLM, Ollama, llama.cpp, Together, Groq, Azure OpenAI.
    case openAICompatible = "openai-compatible"
}
