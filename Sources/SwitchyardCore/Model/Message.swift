/// One turn of the canonical conversation.
public struct Message: Sendable, Hashable {
    /// Who speaks this turn.
    public var role: Role
    /// The turn's content blocks, in order.
    public var content: [ContentPart]

    /// Creates a message.
    public init(role: Role, content: [ContentPart]) {
        self.role = role
        self.content = content
    }

    /// A message holding a single text part.
    public static func text(_ role: Role, _ text: String) -> Message {
        Message(role: role, content: [.text(text)])
    }
}
