/// Who speaks a message in the canonical conversation. System text lives in ``ChatRequest/system``.
public enum Role: String, Sendable, Hashable, Codable {
    case user
    case assistant
}
