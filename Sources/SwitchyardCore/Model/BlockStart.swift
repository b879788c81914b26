/// What kind of content block begins.
public enum BlockStart: Sendable, Hashable {
    /// A text block whose text follows as ``BlockDelta/text(_:)`` fragments.
    case text
    /// A tool call whose JSON input follows as ``BlockDelta/toolInputJSON(_:)`` fragments.
    case toolUse(id: String, name: String, signature: String? = nil)
    /// A reasoning block whose text follows as ``BlockDelta/thinking(_:)`` fragments and whose signature
    /// follows as ``BlockDelta/signature(_:)``.
    case thinking
    /// Encrypted reasoning, complete in this event; no deltas follow.
    case redactedThinking(data: String)
}
