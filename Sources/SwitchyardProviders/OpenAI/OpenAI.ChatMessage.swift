import SwitchyardCore

extension OpenAI {
    /// One entry of `messages`.
    public struct ChatMessage: Codable, Sendable, Hashable {
        /// Who speaks the message.
        public enum Role: String, Codable, Sendable, Hashable {
            /// Instructions (older models).
            case system
            /// Instructions (the name reasoning models prefer).
            case developer
            /// The end user.
            case user
            /// The model.
            case assistant
            /// The result of a tool call.
            case tool

            /// Decodes a role, naming the supported ones when the value is not one of them.
            public init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                let raw = try container.decode(String.self)
                guard let role = Role(rawValue: raw) else {
                    throw DecodingError.dataCorruptedError(
                        in: container,
                        debugDescription: "`\(raw)` is not supported; expected `system`, `developer`, `user`, `assistant` or `tool`."
                    )
                }
                self = role
            }
        }

        /// Who speaks the message.
        public var role: Role
        /// The text or parts; `null` on an assistant message that only calls tools.
        public var content: MessageContent?
        /// An optional participant name.
        public var name: String?
        /// An assistant's earlier refusal.
        public var refusal: String?
        /// The tools an assistant message called.
        public var toolCalls: [ToolCall]?
        /// The call a `tool` message answers.
        public var toolCallID: String?

        /// Creates a message.
        public init(
            role: Role,
            content: MessageContent?,
            name: String? = nil,
            refusal: String? = nil,
            toolCalls: [ToolCall]? = nil,
            toolCallID: String? = nil
        ) {
            self.role = role
            self.content = content
            self.name = name
            self.refusal = refusal
            self.toolCalls = toolCalls
            self.toolCallID = toolCallID
        }

        enum CodingKeys: String, CodingKey {
            case role, content, name, refusal
            case toolCalls = "tool_calls"
            case toolCallID = "tool_call_id"
        }
    }

    /// A message's `content`: a string or an array of content parts.
    public enum MessageContent: Codable, Sendable, Hashable {
        /// `"content": "Hello"`.
        case text(String)
        /// `"content": [{"type": "text", …}, {"type": "image_url", …}]`.
        case parts([ContentPart])

        /// Decodes a string or an array of parts; any other value names the field and both accepted shapes.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
                return
            }
            do {
                self = .parts(try container.decode([ContentPart].self))
            } catch DecodingError.typeMismatch(_, let context) where context.codingPath.count == container.codingPath.count {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a string or an array of content parts.")
            }
        }

        /// Encodes the form it was given.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .parts(let parts): try container.encode(parts)
            }
        }
    }

    /// One element of an array `content`.
    public enum ContentPart: Codable, Sendable, Hashable {
        /// `{"type": "text", "text": …}`.
        case text(String)
        /// `{"type": "image_url", "image_url": {"url": …, "detail": …}}`.
        case imageURL(ImageURL)
        /// `{"type": "refusal", "refusal": …}`, in assistant messages.
        case refusal(String)

        enum CodingKeys: String, CodingKey {
            case type, text, refusal
            case imageURL = "image_url"
        }

        /// Decodes a part by its `type`; other types (`input_audio`, `file`) are refused.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let type = try container.decode(String.self, forKey: .type)
            switch type {
            case "text": self = .text(try container.decode(String.self, forKey: .text))
            case "image_url": self = .imageURL(try container.decode(ImageURL.self, forKey: .imageURL))
            case "refusal": self = .refusal(try container.decode(String.self, forKey: .refusal))
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .type,
                    in: container,
                    debugDescription: "content part type `\(type)` is not supported; expected `text` or `image_url`."
                )
            }
        }

        /// Encodes the part with its `type` tag.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text):
                try container.encode("text", forKey: .type)
                try container.encode(text, forKey: .text)
            case .imageURL(let image):
                try container.encode("image_url", forKey: .type)
                try container.encode(image, forKey: .imageURL)
            case .refusal(let refusal):
                try container.encode("refusal", forKey: .type)
                try container.encode(refusal, forKey: .refusal)
            }
        }
    }

    /// The `image_url` member of an image content part.
    public struct ImageURL: Codable, Sendable, Hashable {
        /// An `https:` URL or a `data:` URL with base64 bytes.
        public var url: String
        /// `low`, `high` or `auto`.
        public var detail: String?

        /// Creates an image reference.
        public init(url: String, detail: String? = nil) {
            self.url = url
            self.detail = detail
        }
    }
}
