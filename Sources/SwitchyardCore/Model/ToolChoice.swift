/// How the model must choose among the tools.
public enum ToolChoice: Sendable, Hashable {
    /// The model decides (the default when tools are given).
    case auto
    /// The model must not call a tool.
    case none
    /// The model must call some tool (OpenAI `required`, Anthropic `any`, Gemini mode `ANY`).
    case required
    /// The model must call this tool.
    case tool(name: String)
}
