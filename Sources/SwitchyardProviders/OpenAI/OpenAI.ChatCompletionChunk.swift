import SwitchyardCore

extension OpenAI {
    /// One streamed piece of an answer: the `chat.completion.chunk` object, sent as an SSE `data:` line.
    ///
    /// With `stream_options.include_usage`, the last chunk before `[DONE]` has empty `choices` and the usage of
    /// the whole request; every other chunk has `"usage": null`.
    public struct ChatCompletionChunk: Codable, Sendable, Hashable {
        /// The completion id; the same on every chunk.
        public var id: String?
        /// `chat.completion.chunk`.
        public var object: String?
        /// Unix time in seconds; the same on every chunk.
        public var created: Int?
        /// The model that answers.
        public var model: String?
        /// The deltas; empty on the usage chunk (some compatible servers send `null` there).
        public var choices: [ChunkChoice]
        /// Token counts, on the usage chunk only.
        public var usage: Usage?

        /// Creates a chunk.
        public init(id: String, created: Int, model: String, choices: [ChunkChoice], usage: Usage?) {
            self.id = id
            self.object = "chat.completion.chunk"
            self.created = created
            self.model = model
            self.choices = choices
            self.usage = usage
        }

        enum CodingKeys: String, CodingKey {
            case id, object, created, model, choices, usage
        }

        /// Decodes a chunk; a `null` or missing `choices` reads as empty.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decodeIfPresent(String.self, forKey: .id)
            object = try container.decodeIfPresent(String.self, forKey: .object)
            created = try container.decodeIfPresent(Int.self, forKey: .created)
            model = try container.decodeIfPresent(String.self, forKey: .model)
            choices = try container.decodeIfPresent([ChunkChoice].self, forKey: .choices) ?? []
            usage = try container.decodeIfPresent(Usage.self, forKey: .usage)
        }

        /// Encodes the chunk with `usage` written out, `null` included.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(id, forKey: .id)
            try container.encodeIfPresent(object, forKey: .object)
            try container.encodeIfPresent(created, forKey: .created)
            try container.encodeIfPresent(model, forKey: .model)
            try container.encode(choices, forKey: .choices)
            try container.encode(usage, forKey: .usage)
        }
    }

    /// One choice of a ``ChatCompletionChunk``.
    public struct ChunkChoice: Codable, Sendable, Hashable {
        /// The choice's position.
        public var index: Int?
        /// What this chunk adds.
        public var delta: Delta
        /// Set on the choice's last chunk.
        public var finishReason: String?

        /// Creates a chunk choice.
        public init(index: Int, delta: Delta, finishReason: String?) {
            self.index = index
            self.delta = delta
            self.finishReason = finishReason
        }

        enum CodingKeys: String, CodingKey {
            case index, delta, logprobs
            case finishReason = "finish_reason"
        }

        /// Decodes a chunk choice; a missing `delta` reads as empty.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            index = try container.decodeIfPresent(Int.self, forKey: .index)
            delta = try container.decodeIfPresent(Delta.self, forKey: .delta) ?? Delta()
            finishReason = try container.decodeIfPresent(String.self, forKey: .finishReason)
        }

        /// Encodes the choice with `logprobs` and `finish_reason` written out, `null` included.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(delta, forKey: .delta)
            try container.encodeNil(forKey: .logprobs)
            try container.encode(finishReason, forKey: .finishReason)
        }
    }

    /// The `delta` of a ``ChunkChoice``.
    public struct Delta: Codable, Sendable, Hashable {
        /// `assistant`, on the first chunk.
        public var role: String?
        /// A text fragment.
        public var content: String?
        /// A refusal fragment.
        public var refusal: String?
        /// Tool-call fragments.
        public var toolCalls: [ToolCallDelta]?
        /// A reasoning fragment, as DeepSeek and vLLM send it (not part of OpenAI's API).
        public var reasoningContent: String?
        /// A reasoning fragment, as OpenRouter and newer vLLM send it (not part of OpenAI's API).
        public var reasoning: String?

        /// Creates a delta.
        public init(role: String? = nil, content: String? = nil, toolCalls: [ToolCallDelta]? = nil) {
            self.role = role
            self.content = content
            self.toolCalls = toolCalls
        }

        enum CodingKeys: String, CodingKey {
            case role, content, refusal, reasoning
            case toolCalls = "tool_calls"
            case reasoningContent = "reasoning_content"
        }
    }

    /// A fragment of one tool call in a ``Delta``: the first carries `id`, `type` and `function.name`, later
    /// ones only `function.arguments` fragments. `index` counts tool calls, not content blocks.
    public struct ToolCallDelta: Codable, Sendable, Hashable {
        /// Which tool call of the message this fragment belongs to.
        public var index: Int?
        /// The call id, on the first fragment.
        public var id: String?
        /// `function`, on the first fragment.
        public var type: String?
        /// The name and an arguments fragment.
        public var function: FunctionCallDelta?

        /// Creates a tool-call fragment.
        public init(index: Int, id: String? = nil, type: String? = nil, function: FunctionCallDelta?) {
            self.index = index
            self.id = id
            self.type = type
            self.function = function
        }
    }

    /// The `function` of a ``ToolCallDelta``.
    public struct FunctionCallDelta: Codable, Sendable, Hashable {
        /// The function's name, on the first fragment.
        public var name: String?
        /// A fragment of the arguments JSON string (some compatible servers send the whole object at once).
        public var arguments: JSONValue?

        /// Creates a function fragment.
        public init(name: String? = nil, arguments: String?) {
            self.name = name
            self.arguments = arguments.map(JSONValue.string)
        }
    }
}
