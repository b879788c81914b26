/// OpenAI's Chat Completions API (`POST /v1/chat/completions`): wire types and translators for both directions.
///
/// - ``OpenAI/ChatCompletionsTranslator`` speaks to OpenAI, or to any server that imitates it
///   (``OpenAI/Flavor/compatible``), as an upstream.
/// - ``OpenAI/ChatCompletionsAPI`` serves clients that speak Chat Completions (the OpenAI SDKs).
///
/// Wire type and field names mirror OpenAI's API reference.
public enum OpenAI {
    /// Which server dialect a translator speaks to.
    public enum Flavor: Sendable, Hashable {
        /// OpenAI itself: documented wire format, `max_completion_tokens`, a stream that ends in `[DONE]`.
        case openAI
        /// A server that imitates Chat Completions (vLLM, Ollama, llama.cpp, DeepSeek, Together, Groq, Azure):
        /// `max_tokens`, and tolerance of the common deviations (missing ids, `reasoning_content`, tool-call
        /// deltas without `index`, arguments sent as objects, no `[DONE]`).
        case compatible
    }
}
