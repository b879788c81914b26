/// A model's request to call a tool.
public struct ToolUse: Sendable, Hashable {
    /// The call id that the matching ``ToolResult`` refers to.
    public var id: String
    /// The name of the tool to call, as its ``ToolDefinition`` gives it.
    public var name: String
    /// The arguments, as a JSON object.
    public var input: JSONValue
    /// Gemini's `thoughtSignature` on a `functionCall` part, returned verbatim on the next turn.
    public var signature: String?
    /// A prompt-cache breakpoint placed after this block; `nil` for none.
    public var cacheControl: CacheControl?

    /// Creates a tool call.
    public init(id: String, name: String, input: JSONValue, signature: String? = nil, cacheControl: CacheControl? = nil) {
        self.id = id
        self.name = name
        self.input = input
        self.signature = signature
        self.cacheControl = cacheControl
    }
}
