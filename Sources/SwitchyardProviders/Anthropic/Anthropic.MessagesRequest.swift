import SwitchyardCore

extension Anthropic {
    /// The body of `POST /v1/messages`.
    public struct MessagesRequest: Sendable, Hashable, Codable {
        /// The model to call.
        public var model: String
        /// The output token limit; Anthropic requires it.
        public var maxTokens: Int
        /// The conversation so far.
        public var messages: [MessageParam]
        /// The system prompt.
        public var system: SystemPrompt?
        /// The tools the model may call.
        public var tools: [Tool]?
        /// How the model must choose among the tools.
        public var toolChoice: ToolChoice?
        /// Custom sequences that end the answer.
        public var stopSequences: [String]?
        /// Sampling temperature, 0 to 1.
        public var temperature: Double?
        /// Nucleus sampling cutoff.
        public var topP: Double?
        /// Sample only from the top K tokens.
        public var topK: Int?
        /// Whether to stream the answer as Server-Sent Events.
        public var stream: Bool?
        /// Extended thinking.
        public var thinking: ThinkingConfig?
        /// Request metadata.
        public var metadata: Metadata?

        /// A request; optional fields left `nil` are omitted from the JSON.
        public init(
            model: String,
            maxTokens: Int,
            messages: [MessageParam],
            system: SystemPrompt? = nil,
            tools: [Tool]? = nil,
            toolChoice: ToolChoice? = nil,
            stopSequences: [String]? = nil,
            temperature: Double? = nil,
            topP: Double? = nil,
            topK: Int? = nil,
            stream: Bool? = nil,
            thinking: ThinkingConfig? = nil,
            metadata: Metadata? = nil
        ) {
            self.model = model
            self.maxTokens = maxTokens
            self.messages = messages
            self.system = system
            self.tools = tools
            self.toolChoice = toolChoice
            self.stopSequences = stopSequences
            self.temperature = temperature
            self.topP = topP
            self.topK = topK
            self.stream = stream
            self.thinking = thinking
            self.metadata = metadata
        }

        private enum CodingKeys: String, CodingKey {
            case model
            case maxTokens = "max_tokens"
            case messages
            case system
            case tools
            case toolChoice = "tool_choice"
            case stopSequences = "stop_sequences"
            case temperature
            case topP = "top_p"
            case topK = "top_k"
            case stream
            case thinking
            case metadata
        }
    }

    /// One input message: `{"role": "user" | "assistant", "content": …}`.
    public struct MessageParam: Sendable, Hashable, Codable {
        /// `user` or `assistant`.
        public var role: Role
        /// The message's content.
        public var content: MessageContent

        /// A message.
        public init(role: Role, content: MessageContent) {
            self.role = role
            self.content = content
        }
    }

    /// A message's `content`: a string (shorthand for one text block) or an array of blocks.
    public enum MessageContent: Sendable, Hashable, Codable {
        /// A plain string.
        case text(String)
        /// Content blocks.
        case blocks([ContentBlock])

        /// Decodes a string or an array of blocks.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .blocks(try Anthropic.decodeBlocks(container, decoder: decoder))
            }
        }

        /// Encodes the string or the array.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .blocks(let blocks): try container.encode(blocks)
            }
        }
    }

    /// The top-level `system` prompt: a string, or an array of text blocks (which may carry `cache_control`).
    public enum SystemPrompt: Sendable, Hashable, Codable {
        /// A plain string.
        case text(String)
        /// Text blocks.
        case blocks([TextBlock])

        /// Decodes a string or an array of `text` blocks; any other block type is refused.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
                return
            }
            let blocks = try Anthropic.decodeBlocks(container, decoder: decoder)
            self = .blocks(
                try blocks.map { block in
                    guard case .text(let text) = block else {
                        throw DecodingError.dataCorruptedError(in: container, debugDescription: "System blocks must be of type `text`.")
                    }
                    return text
                }
            )
        }

        /// Encodes the string, or the blocks tagged `text`.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .blocks(let blocks): try container.encode(blocks.map(ContentBlock.text))
            }
        }
    }

    /// A client tool: `{"name", "description", "input_schema", "cache_control"}`.
    public struct Tool: Sendable, Hashable, Codable {
        /// The tool's name.
        public var name: String
        /// What the tool does, for the model.
        public var description: String?
        /// The JSON Schema of the tool's input object.
        public var inputSchema: JSONValue
        /// A cache breakpoint after the tool definitions up to this one.
        public var cacheControl: CacheControlEphemeral?

        /// A tool definition.
        public init(name: String, description: String? = nil, inputSchema: JSONValue, cacheControl: CacheControlEphemeral? = nil) {
            self.name = name
            self.description = description
            self.inputSchema = inputSchema
            self.cacheControl = cacheControl
        }

        private enum CodingKeys: String, CodingKey {
            case name
            case description
            case inputSchema = "input_schema"
            case cacheControl = "cache_control"
        }
    }

    /// `tool_choice`: `{"type": "auto" | "any" | "tool" | "none", "name", "disable_parallel_tool_use"}`.
    public struct ToolChoice: Sendable, Hashable, Codable {
        /// `auto`, `any`, `tool` or `none`.
        public var type: String
        /// The tool to call, when `type` is `tool`.
        public var name: String?
        /// When true, the model calls at most one tool (`auto`) or exactly one (`any`, `tool`).
        public var disableParallelToolUse: Bool?

        /// A tool choice.
        public init(type: String, name: String? = nil, disableParallelToolUse: Bool? = nil) {
            self.type = type
            self.name = name
            self.disableParallelToolUse = disableParallelToolUse
        }

        private enum CodingKeys: String, CodingKey {
            case type
            case name
            case disableParallelToolUse = "disable_parallel_tool_use"
        }
    }

    /// Extended thinking: `{"type": "enabled", "budget_tokens": N}` or `{"type": "disabled"}`.
    public enum ThinkingConfig: Sendable, Hashable, Codable {
        /// Thinking on, with a token budget (at least 1024, below `max_tokens`).
        case enabled(budgetTokens: Int)
        /// Thinking off.
        case disabled

        private enum CodingKeys: String, CodingKey {
            case type
            case budgetTokens = "budget_tokens"
        }

        /// Decodes `enabled` (with its required budget) or `disabled`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let type = try container.decode(String.self, forKey: .type)
            switch type {
            case "enabled": self = .enabled(budgetTokens: try container.decode(Int.self, forKey: .budgetTokens))
            case "disabled": self = .disabled
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .type,
                    in: container,
                    debugDescription: "Unsupported thinking type `\(type)`; expected `enabled` or `disabled`."
                )
            }
        }

        /// Encodes the tagged configuration.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .enabled(let budgetTokens):
                try container.encode("enabled", forKey: .type)
                try container.encode(budgetTokens, forKey: .budgetTokens)
            case .disabled:
                try container.encode("disabled", forKey: .type)
            }
        }
    }

    /// Request `metadata`: only `user_id` is defined.
    public struct Metadata: Sendable, Hashable, Codable {
        /// An opaque id for the end user.
        public var userID: String?

        /// Metadata naming the end user.
        public init(userID: String?) {
            self.userID = userID
        }

        private enum CodingKeys: String, CodingKey {
            case userID = "user_id"
        }
    }
}
