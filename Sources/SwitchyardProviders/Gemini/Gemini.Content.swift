import SwitchyardCore

extension Gemini {
    /// One turn of a conversation: a role and its ordered parts.
    public struct Content: Codable, Sendable, Hashable {
        /// `user` or `model`; absent on `systemInstruction`.
        public var role: String?
        /// The turn's parts, in order.
        public var parts: [Part]

        /// Creates a turn.
        public init(role: String? = nil, parts: [Part]) {
            self.role = role
            self.parts = parts
        }

        /// The role of the person talking to the model.
        public static let userRole = "user"
        /// The role of the model's own turns.
        public static let modelRole = "model"

        private enum CodingKeys: String, CodingKey {
            case role
            case parts
        }

        /// Decodes a turn; a missing `parts` array (a candidate cut off before any output) reads as empty.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decodeIfPresent(String.self, forKey: .role)
            parts = try container.decodeIfPresent([Part].self, forKey: .parts) ?? []
        }
    }
}
