import SwitchyardCore

extension Anthropic {
    /// A response message: the non-streaming body, and the `message` of a streamed `message_start`.
    public struct Message: Sendable, Hashable, Codable {
        /// The message id (`msg_…`).
        public var id: String
        /// Always `message`.
        public var type: String
        /// Always `assistant`.
        public var role: Role
        /// The model that answered.
        public var model: String
        /// The answer's blocks; empty in `message_start`.
        public var content: [ContentBlock]
        /// `end_turn`, `max_tokens`, `stop_sequence`, `tool_use`, `pause_turn`, `refusal`; `null` while streaming.
        public var stopReason: String?
        /// The stop sequence that matched, when `stop_reason` is `stop_sequence`.
        public var stopSequence: String?
        /// Token counts.
        public var usage: Usage

        /// A message of type `message` from the assistant.
        public init(id: String, model: String, content: [ContentBlock], stopReason: String?, stopSequence: String?, usage: Usage) {
            self.id = id
            self.type = "message"
            self.role = .assistant
            self.model = model
            self.content = content
            self.stopReason = stopReason
            self.stopSequence = stopSequence
            self.usage = usage
        }

        private enum CodingKeys: String, CodingKey {
            case id
            case type
            case role
            case model
            case content
            case stopReason = "stop_reason"
            case stopSequence = "stop_sequence"
            case usage
        }

        /// Encodes every field, writing `null` for an absent stop reason or sequence as Anthropic does.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(type, forKey: .type)
            try container.encode(role, forKey: .role)
            try container.encode(model, forKey: .model)
            try container.encode(content, forKey: .content)
            try container.encode(stopReason, forKey: .stopReason)
            try container.encode(stopSequence, forKey: .stopSequence)
            try container.encode(usage, forKey: .usage)
        }
    }

    /// A message's `usage`. `input_tokens` excludes both cache counts.
    public struct Usage: Sendable, Hashable, Codable {
        /// Input tokens neither read from nor written to the cache.
        public var inputTokens: Int
        /// Output tokens, thinking included.
        public var outputTokens: Int
        /// All tokens written to the cache, both lifetimes together.
        public var cacheCreationInputTokens: Int?
        /// Input tokens served from the cache.
        public var cacheReadInputTokens: Int?
        /// The cache writes split by lifetime.
        public var cacheCreation: CacheCreation?

        /// A usage report.
        public init(
            inputTokens: Int,
            outputTokens: Int,
            cacheCreationInputTokens: Int? = nil,
            cacheReadInputTokens: Int? = nil,
            cacheCreation: CacheCreation? = nil
        ) {
            self.inputTokens = inputTokens
            self.outputTokens = outputTokens
            self.cacheCreationInputTokens = cacheCreationInputTokens
            self.cacheReadInputTokens = cacheReadInputTokens
            self.cacheCreation = cacheCreation
        }

        private enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
            case cacheCreationInputTokens = "cache_creation_input_tokens"
            case cacheReadInputTokens = "cache_read_input_tokens"
            case cacheCreation = "cache_creation"
        }
    }

    /// `usage.cache_creation`: cache writes by lifetime.
    public struct CacheCreation: Sendable, Hashable, Codable {
        /// Tokens written with the five-minute lifetime.
        public var ephemeral5mInputTokens: Int?
        /// Tokens written with the one-hour lifetime.
        public var ephemeral1hInputTokens: Int?

        /// A split of cache writes.
        public init(ephemeral5mInputTokens: Int?, ephemeral1hInputTokens: Int?) {
            self.ephemeral5mInputTokens = ephemeral5mInputTokens
            self.ephemeral1hInputTokens = ephemeral1hInputTokens
        }

        private enum CodingKeys: String, CodingKey {
            case ephemeral5mInputTokens = "ephemeral_5m_input_tokens"
            case ephemeral1hInputTokens = "ephemeral_1h_input_tokens"
        }
    }
}
