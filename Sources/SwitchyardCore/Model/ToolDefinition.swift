/// A tool the model may call, described by a provider-neutral JSON Schema.
public struct ToolDefinition: Sendable, Hashable {
    /// The name the model calls the tool by.
    public var name: String
    /// What the tool does, for the model to decide when to call it.
    public var description: String?
    /// The JSON Schema of the tool's input object, exactly as the client gave it.
    public var inputSchema: JSONValue
    /// OpenAI's `strict` flag for structured tool arguments.
    public var strict: Bool?
    /// A prompt-cache breakpoint placed after this tool's definition; `nil` for none.
    public var cacheControl: CacheControl?

    /// Creates a tool definition.
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
