/// One block of a message's content.
public enum ContentPart: Sendable, Hashable {
    /// Text, optionally followed by a prompt-cache breakpoint.
    case text(TextPart)
    /// An image, given inline or by URL.
    case image(ImagePart)
    /// A model's request to call a tool.
    case toolUse(ToolUse)
    /// The client's answer to an earlier ``ToolUse``.
    case toolResult(ToolResult)
    /// Visible reasoning, with the signature the provider needs to accept it back.
    case thinking(Thinking)
    /// Encrypted reasoning the provider returns opaque; passed back verbatim on the next turn.
    case redactedThinking(data: String)

    /// A plain text part with no cache breakpoint.
    public static func text(_ text: String) -> ContentPart {
        .text(TextPart(text: text))
    }
}
