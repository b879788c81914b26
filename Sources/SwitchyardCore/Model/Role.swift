/// Who speaks a message in the canonical conversation. System text lives in ``ChatRequest/system``.
public enum Role: String, Sendable, Hashable, Codable {
    /// The client's side of the conversation, tool results included.
    case user
    /// The model's side of the conversation.
    case assistant
}
