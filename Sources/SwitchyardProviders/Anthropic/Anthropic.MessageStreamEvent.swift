import SwitchyardCore

extension Anthropic {
    /// One event of a streamed message, as carried in an SSE event's `data` (tagged by `type`).
    public enum MessageStreamEvent: Sendable, Hashable, Codable {
        /// `message_start`: the message with empty content and the input usage.
        case messageStart(message: Message)
        /// `content_block_start`: a block begins, with empty text or `{}` input.
        case contentBlockStart(index: Int, contentBlock: ContentBlock)
        /// `content_block_delta`: a piece of the block at `index`.
        case contentBlockDelta(index: Int, delta: ContentBlockDelta)
        /// `content_block_stop`
        case contentBlockStop(index: Int)
        /// `message_delta`: stop reason and cumulative usage.
        case messageDelta(delta: MessageDelta, usage: MessageDeltaUsage)
        /// `message_stop`: the stream is complete.
        case messageStop
        /// `ping`: keep-alive.
        case ping
        /// `error`: the stream failed.
        case error(ErrorDetail)
        /// An event type this version does not know; Anthropic documents that new types may appear and must be
        /// tolerated.
        case unsupported(type: String)

        private enum CodingKeys: String, CodingKey {
            case type
            case message
            case index
            case contentBlock = "content_block"
            case delta
            case usage
            case error
        }

        /// The SSE `event:` name, equal to the `type` field.
        public var eventName: String {
            switch self {
            case .messageStart: "message_start"
            case .contentBlockStart: "content_block_start"
            case .contentBlockDelta: "content_block_delta"
            case .contentBlockStop: "content_block_stop"
            case .messageDelta: "message_delta"
            case .messageStop: "message_stop"
            case .ping: "ping"
            case .error: "error"
            case .unsupported(let type): type
            }
        }

        /// Decodes an event by its `type`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let type = try container.decode(String.self, forKey: .type)
            switch type {
            case "message_start":
                self = .messageStart(message: try container.decode(Message.self, forKey: .message))
            case "content_block_start":
                self = .contentBlockStart(
                    index: try container.decode(Int.self, forKey: .index),
                    contentBlock: try container.decode(ContentBlock.self, forKey: .contentBlock)
                )
            case "content_block_delta":
                self = .contentBlockDelta(
                    index: try container.decode(Int.self, forKey: .index),
                    delta: try container.decode(ContentBlockDelta.self, forKey: .delta)
                )
            case "content_block_stop":
                self = .contentBlockStop(index: try container.decode(Int.self, forKey: .index))
            case "message_delta":
                self = .messageDelta(
                    delta: try container.decode(MessageDelta.self, forKey: .delta),
                    usage: try container.decode(MessageDeltaUsage.self, forKey: .usage)
                )
            case "message_stop": self = .messageStop
            case "ping": self = .ping
            case "error": self = .error(try container.decode(ErrorDetail.self, forKey: .error))
            default: self = .unsupported(type: type)
            }
        }

        /// Encodes the event with its `type` tag.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(eventName, forKey: .type)
            switch self {
            case .messageStart(let message):
                try container.encode(message, forKey: .message)
            case .contentBlockStart(let index, let contentBlock):
                try container.encode(index, forKey: .index)
                try container.encode(contentBlock, forKey: .contentBlock)
            case .contentBlockDelta(let index, let delta):
                try container.encode(index, forKey: .index)
                try container.encode(delta, forKey: .delta)
            case .contentBlockStop(let index):
                try container.encode(index, forKey: .index)
            case .messageDelta(let delta, let usage):
                try container.encode(delta, forKey: .delta)
                try container.encode(usage, forKey: .usage)
            case .error(let detail):
                try container.encode(detail, forKey: .error)
            case .messageStop, .ping, .unsupported:
                break
            }
        }
    }

    /// The `delta` of a `content_block_delta` event.
    public enum ContentBlockDelta: Sendable, Hashable, Codable {
        /// `text_delta`
        case text(String)
        /// `input_json_delta`: a fragment of a tool call's JSON input.
        case inputJSON(partialJSON: String)
        /// `thinking_delta`
        case thinking(String)
        /// `signature_delta`: the thinking block's signature, just before its `content_block_stop`.
        case signature(String)
        /// A delta type Switchyard does not translate (such as `citations_delta`).
        case unsupported(type: String)

        private enum CodingKeys: String, CodingKey {
            case type
            case text
            case partialJSON = "partial_json"
            case thinking
            case signature
        }

        /// Decodes a delta by its `type`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let type = try container.decode(String.self, forKey: .type)
            switch type {
            case "text_delta": self = .text(try container.decode(String.self, forKey: .text))
            case "input_json_delta": self = .inputJSON(partialJSON: try container.decode(String.self, forKey: .partialJSON))
            case "thinking_delta": self = .thinking(try container.decode(String.self, forKey: .thinking))
            case "signature_delta": self = .signature(try container.decode(String.self, forKey: .signature))
            default: self = .unsupported(type: type)
            }
        }

        /// Encodes the delta with its `type` tag.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text):
                try container.encode("text_delta", forKey: .type)
                try container.encode(text, forKey: .text)
            case .inputJSON(let partialJSON):
                try container.encode("input_json_delta", forKey: .type)
                try container.encode(partialJSON, forKey: .partialJSON)
            case .thinking(let thinking):
                try container.encode("thinking_delta", forKey: .type)
                try container.encode(thinking, forKey: .thinking)
            case .signature(let signature):
                try container.encode("signature_delta", forKey: .type)
                try container.encode(signature, forKey: .signature)
            case .unsupported(let type):
                try container.encode(type, forKey: .type)
            }
        }
    }

    /// The `delta` of a `message_delta` event.
    public struct MessageDelta: Sendable, Hashable, Codable {
        /// Why the model stopped (`end_turn`, `tool_use`, …).
        public var stopReason: String?
        /// The stop sequence that matched.
        public var stopSequence: String?

        /// A message delta.
        public init(stopReason: String?, stopSequence: String?) {
            self.stopReason = stopReason
            self.stopSequence = stopSequence
        }

        private enum CodingKeys: String, CodingKey {
            case stopReason = "stop_reason"
            case stopSequence = "stop_sequence"
        }

        /// Encodes both fields, writing `null` when absent as Anthropic does.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(stopReason, forKey: .stopReason)
            try container.encode(stopSequence, forKey: .stopSequence)
        }
    }

    /// The `usage` of a `message_delta` event. Every figure is cumulative for the whole message; the input and
    /// cache figures are optional and, when present, supersede those of `message_start`.
    public struct MessageDeltaUsage: Sendable, Hashable, Codable {
        /// Output tokens so far.
        public var outputTokens: Int
        /// Fresh input tokens, when reported here.
        public var inputTokens: Int?
        /// Cache-write tokens, when reported here.
        public var cacheCreationInputTokens: Int?
        /// Cache-read tokens, when reported here.
        public var cacheReadInputTokens: Int?

        /// A delta usage report.
        public init(outputTokens: Int, inputTokens: Int? = nil, cacheCreationInputTokens: Int? = nil, cacheReadInputTokens: Int? = nil) {
            self.outputTokens = outputTokens
            self.inputTokens = inputTokens
            self.cacheCreationInputTokens = cacheCreationInputTokens
            self.cacheReadInputTokens = cacheReadInputTokens
        }

        private enum CodingKeys: String, CodingKey {
            case outputTokens = "output_tokens"
            case inputTokens = "input_tokens"
            case cacheCreationInputTokens = "cache_creation_input_tokens"
            case cacheReadInputTokens = "cache_read_input_tokens"
        }
    }
}
