import SwitchyardCore

extension OpenAI {
    /// A complete answer: the `chat.completion` object.
    ///
    /// `id`, `object`, `created` and `model` are optional here only so that compatible servers that omit them
    /// can be read; OpenAI always sends them and Switchyard always writes them.
    public struct ChatCompletion: Codable, Sendable, Hashable {
        /// The completion id, `chatcmpl-…`.
        public var id: String?
        /// `chat.completion`.
        public var object: String?
        /// Unix time in seconds.
        public var created: Int?
        /// The model that answered.
        public var model: String?
        /// The answers; Switchyard asks for and serves one.
        public var choices: [Choice]
        /// Token counts.
        public var usage: Usage?

        /// Creates a completion object.
        public init(id: String, created: Int, model: String, choices: [Choice], usage: Usage?) {
            self.id = id
            self.object = "chat.completion"
            self.created = created
            self.model = model
            self.choices = choices
            self.usage = usage
        }
    }

    /// One answer of a ``ChatCompletion``.
    public struct Choice: Codable, Sendable, Hashable {
        /// The choice's position.
        public var index: Int?
        /// The assistant's message.
        public var message: ResponseMessage
        /// `stop`, `length`, `tool_calls`, `content_filter` or `function_call`.
        public var finishReason: String?

        /// Creates a choice.
        public init(index: Int, message: ResponseMessage, finishReason: String?) {
            self.index = index
            self.message = message
            self.finishReason = finishReason
        }

        enum CodingKeys: String, CodingKey {
            case index, message, logprobs
            case finishReason = "finish_reason"
        }

        /// Decodes a choice; `index` and `finish_reason` may be absent or `null`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            index = try container.decodeIfPresent(Int.self, forKey: .index)
            message = try container.decode(ResponseMessage.self, forKey: .message)
            finishReason = try container.decodeIfPresent(String.self, forKey: .finishReason)
        }

        /// Encodes the choice with `logprobs` and `finish_reason` written out, `null` included.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
            try container.encode(message, forKey: .message)
            try container.encodeNil(forKey: .logprobs)
            try container.encode(finishReason, forKey: .finishReason)
        }
    }

    /// The assistant message of a ``Choice``.
    public struct ResponseMessage: Codable, Sendable, Hashable {
        /// `assistant`.
        public var role: String?
        /// The text; `null` when the message only calls tools or refuses.
        public var content: String?
        /// The model's refusal, instead of content.
        public var refusal: String?
        /// The tools the model calls.
        public var toolCalls: [ToolCall]?
        /// Visible reasoning, as DeepSeek and vLLM send it (not part of OpenAI's API).
        public var reasoningContent: String?
        /// Visible reasoning, as OpenRouter and newer vLLM send it (not part of OpenAI's API).
        public var reasoning: String?

        /// Creates an assistant message.
        public init(content: String?, refusal: String? = nil, toolCalls: [ToolCall]? = nil) {
            self.role = "assistant"
            self.content = content
            self.refusal = refusal
            self.toolCalls = toolCalls
        }

        enum CodingKeys: String, CodingKey {
            case role, content, refusal, reasoning
            case toolCalls = "tool_calls"
            case reasoningContent = "reasoning_content"
        }

        /// Decodes the message, reading the reasoning fields compatible servers add.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            role = try container.decodeIfPresent(String.self, forKey: .role)
            content = try container.decodeIfPresent(String.self, forKey: .content)
            refusal = try container.decodeIfPresent(String.self, forKey: .refusal)
            toolCalls = try container.decodeIfPresent([ToolCall].self, forKey: .toolCalls)
            reasoningContent = try container.decodeIfPresent(String.self, forKey: .reasoningContent)
            reasoning = try container.decodeIfPresent(String.self, forKey: .reasoning)
        }

        /// Encodes the message with `content` and `refusal` written out, `null` included.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(role, forKey: .role)
            try container.encode(content, forKey: .content)
            try container.encode(refusal, forKey: .refusal)
            try container.encodeIfPresent(toolCalls, forKey: .toolCalls)
            try container.encodeIfPresent(reasoningContent, forKey: .reasoningContent)
            try container.encodeIfPresent(reasoning, forKey: .reasoning)
        }
    }

    /// Token counts. `prompt_tokens` *includes* `prompt_tokens_details.cached_tokens`, and `completion_tokens`
    /// includes `completion_tokens_details.reasoning_tokens`.
    public struct Usage: Codable, Sendable, Hashable {
        /// Every input token, cached ones included.
        public var promptTokens: Int?
        /// Every output token, reasoning included.
        public var completionTokens: Int?
        /// Prompt plus completion.
        public var totalTokens: Int?
        /// The breakdown of ``promptTokens``.
        public var promptTokensDetails: PromptTokensDetails?
        /// The breakdown of ``completionTokens``.
        public var completionTokensDetails: CompletionTokensDetails?
        /// DeepSeek's count of prompt tokens served from its cache (it sends no `prompt_tokens_details`).
        public var promptCacheHitTokens: Int?

        /// Creates usage figures.
        public init(
            promptTokens: Int,
            completionTokens: Int,
            totalTokens: Int,
            promptTokensDetails: PromptTokensDetails?,
            completionTokensDetails: CompletionTokensDetails?
        ) {
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
            self.totalTokens = totalTokens
            self.promptTokensDetails = promptTokensDetails
            self.completionTokensDetails = completionTokensDetails
        }

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
            case totalTokens = "total_tokens"
            case promptTokensDetails = "prompt_tokens_details"
            case completionTokensDetails = "completion_tokens_details"
            case promptCacheHitTokens = "prompt_cache_hit_tokens"
        }
    }

    /// `prompt_tokens_details`.
    public struct PromptTokensDetails: Codable, Sendable, Hashable {
        /// Prompt tokens served from the prompt cache.
        public var cachedTokens: Int?

        /// Creates the prompt breakdown.
        public init(cachedTokens: Int?) {
            self.cachedTokens = cachedTokens
        }

        enum CodingKeys: String, CodingKey {
            case cachedTokens = "cached_tokens"
        }
    }

    /// `completion_tokens_details`.
    public struct CompletionTokensDetails: Codable, Sendable, Hashable {
        /// Completion tokens spent on reasoning.
        public var reasoningTokens: Int?

        /// Creates the completion breakdown.
        public init(reasoningTokens: Int?) {
            self.reasoningTokens = reasoningTokens
        }

        enum CodingKeys: String, CodingKey {
            case reasoningTokens = "reasoning_tokens"
        }
    }
}
