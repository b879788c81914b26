/// The outcome of a tool call, sent back by the client.
public struct ToolResult: Sendable, Hashable {
    /// The id of the ``ToolUse`` this answers.
    public var toolUseID: String
    /// Text and image parts; other kinds are not valid here.
    public var content: [ContentPart]
    /// Whether the tool failed, so that `content` describes an error.
    public var isError: Bool
    /// A prompt-cache breakpoint placed after this block; `nil` for none.
    public var cacheControl: CacheControl?

    /// Creates a tool result answering the call `toolUseID`.
    public init(toolUseID: String, content: [ContentPart], isError: Bool = false, cacheControl: CacheControl? = nil) {
        self.toolUseID = toolUseID
        self.content = content
        self.isError = isError
        self.cacheControl = cacheControl
    }

    /// The text parts joined with newlines, for providers that take a tool result as one string.
    public var joinedText: String {
        content.compactMap { part -> String? in
            if case .text(let text) = part { return text.text }
            return nil
        }.joined(separator: "\n")
    }
}
