/// A tool the model may call, described by a provider-neutral JSON Schema.
public struct ToolDefinition: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// The JSON Schema of the tool's input object, exactly as the client gave it.
    public var inputSchema: JSONValue
    /// OpenAI's `strict` flag for structured tool arguments.
    public var strict: Bool?
    public var cacheControl: CacheControl?

    public init(
        name: String,
        description: String? = nil,
        inputSchema: JSONValue,
        strict: Bool? = nil,
        cacheControl: CacheControl? = nil
    ) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.strict = strict
        self.cacheControl = cacheControl
    }
}

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
