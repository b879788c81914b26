import SwitchyardCore

extension Anthropic {
    /// One block of a message's `content`, tagged by its `type` field.
    ///
    /// Decoding a block of any other type (`document`, `search_result`, server-tool blocks) fails with an error
    /// naming the type: Switchyard does not translate those.
    public enum ContentBlock: Sendable, Hashable, Codable {
        /// `{"type": "text", "text": …}`
        case text(TextBlock)
        /// `{"type": "image", "source": …}`
        case image(ImageBlock)
        /// `{"type": "tool_use", "id": …, "name": …, "input": {…}}`
        case toolUse(ToolUseBlock)
        /// `{"type": "tool_result", "tool_use_id": …, "content": …, "is_error": …}`
        case toolResult(ToolResultBlock)
        /// `{"type": "thinking", "thinking": …, "signature": …}`
        case thinking(ThinkingBlock)
        /// `{"type": "redacted_thinking", "data": …}`
        case redactedThinking(RedactedThinkingBlock)

        private enum TypeKey: String, CodingKey {
            case type
        }

        /// Decodes a block by its `type`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: TypeKey.self)
            let type = try container.decode(String.self, forKey: .type)
            switch type {
            case "text": self = .text(try TextBlock(from: decoder))
            case "image": self = .image(try ImageBlock(from: decoder))
            case "tool_use": self = .toolUse(try ToolUseBlock(from: decoder))
            case "tool_result": self = .toolResult(try ToolResultBlock(from: decoder))
            case "thinking": self = .thinking(try ThinkingBlock(from: decoder))
            case "redacted_thinking": self = .redactedThinking(try RedactedThinkingBlock(from: decoder))
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .type,
                    in: container,
                    debugDescription: "Unsupported content block type `\(type)`."
                )
            }
        }

        /// Encodes the block with its `type` tag.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: TypeKey.self)
            switch self {
            case .text(let block):
                try container.encode("text", forKey: .type)
                try block.encode(to: encoder)
            case .image(let block):
                try container.encode("image", forKey: .type)
                try block.encode(to: encoder)
            case .toolUse(let block):
                try container.encode("tool_use", forKey: .type)
                try block.encode(to: encoder)
            case .toolResult(let block):
                try container.encode("tool_result", forKey: .type)
                try block.encode(to: encoder)
            case .thinking(let block):
                try container.encode("thinking", forKey: .type)
                try block.encode(to: encoder)
            case .redactedThinking(let block):
                try container.encode("redacted_thinking", forKey: .type)
                try block.encode(to: encoder)
            }
        }
    }

    /// A prompt-cache breakpoint: `{"type": "ephemeral", "ttl": "5m" | "1h"}`.
    public struct CacheControlEphemeral: Sendable, Hashable, Codable {
        /// Always `ephemeral`, the only kind Anthropic offers.
        public var type: String
        /// `5m` (the default when absent) or `1h`.
        public var ttl: String?

        /// A breakpoint with the given lifetime (`nil` for Anthropic's default of five minutes).
        public init(ttl: String? = nil) {
            self.type = "ephemeral"
            self.ttl = ttl
        }

        private enum CodingKeys: String, CodingKey {
            case type
            case ttl
        }

        /// Decodes a breakpoint, refusing any `type` but `ephemeral` and any `ttl` but `5m` or `1h`.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let type = try container.decode(String.self, forKey: .type)
            guard type == "ephemeral" else {
                throw DecodingError.dataCorruptedError(
                    forKey: .type,
                    in: container,
                    debugDescription: "Unsupported cache_control type `\(type)`; expected `ephemeral`."
                )
            }
            let ttl = try container.decodeIfPresent(String.self, forKey: .ttl)
            if let ttl, CacheControl.TimeToLive(rawValue: ttl) == nil {
                throw DecodingError.dataCorruptedError(
                    forKey: .ttl,
                    in: container,
                    debugDescription: "Unsupported ttl `\(ttl)`; expected `5m` or `1h`."
                )
            }
            self.type = type
            self.ttl = ttl
        }
    }

    /// The fields of a `text` block.
    public struct TextBlock: Sendable, Hashable, Codable {
        /// The text.
        public var text: String
        /// A cache breakpoint after this block.
        public var cacheControl: CacheControlEphemeral?

        /// A text block.
        public init(text: String, cacheControl: CacheControlEphemeral? = nil) {
            self.text = text
            self.cacheControl = cacheControl
        }

        private enum CodingKeys: String, CodingKey {
            case text
            case cacheControl = "cache_control"
        }
    }

    /// The fields of an `image` block.
    public struct ImageBlock: Sendable, Hashable, Codable {
        /// Where the image comes from.
        public var source: ImageSource
        /// A cache breakpoint after this block.
        public var cacheControl: CacheControlEphemeral?

        /// An image block.
        public init(source: ImageSource, cacheControl: CacheControlEphemeral? = nil) {
            self.source = source
            self.cacheControl = cacheControl
        }

        private enum CodingKeys: String, CodingKey {
            case source
            case cacheControl = "cache_control"
        }
    }

    /// Where an image's bytes come from: `{"type": "base64", "media_type", "data"}` or `{"type": "url", "url"}`.
    public enum ImageSource: Sendable, Hashable, Codable {
        /// Inline bytes, base64-encoded, with their media type (`image/jpeg`, `image/png`, …).
        case base64(mediaType: String, data: String)
        /// An http(s) URL Anthropic fetches.
        case url(String)

        private enum CodingKeys: String, CodingKey {
            case type
            case mediaType = "media_type"
            case data
            case url
        }

        /// Decodes a `base64` or `url` source; other kinds (`file`) are refused.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let type = try container.decode(String.self, forKey: .type)
            switch type {
            case "base64":
                self = .base64(
                    mediaType: try container.decode(String.self, forKey: .mediaType),
                    data: try container.decode(String.self, forKey: .data)
                )
            case "url":
                self = .url(try container.decode(String.self, forKey: .url))
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .type,
                    in: container,
                    debugDescription: "Unsupported image source type `\(type)`; expected `base64` or `url`."
                )
            }
        }

        /// Encodes the source with its `type` tag.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .base64(let mediaType, let data):
                try container.encode("base64", forKey: .type)
                try container.encode(mediaType, forKey: .mediaType)
                try container.encode(data, forKey: .data)
            case .url(let url):
                try container.encode("url", forKey: .type)
                try container.encode(url, forKey: .url)
            }
        }
    }

    /// The fields of a `tool_use` block.
    public struct ToolUseBlock: Sendable, Hashable, Codable {
        /// The call id (`toolu_…`) that the matching `tool_result` names.
        public var id: String
        /// The tool's name.
        public var name: String
        /// The tool's arguments, a JSON object.
        public var input: JSONValue
        /// A cache breakpoint after this block.
        public var cacheControl: CacheControlEphemeral?

        /// A tool call.
        public init(id: String, name: String, input: JSONValue, cacheControl: CacheControlEphemeral? = nil) {
            self.id = id
            self.name = name
            self.input = input
            self.cacheControl = cacheControl
        }

        private enum CodingKeys: String, CodingKey {
            case id
            case name
            case input
            case cacheControl = "cache_control"
        }
    }

    /// The fields of a `tool_result` block.
    public struct ToolResultBlock: Sendable, Hashable, Codable {
        /// The id of the `tool_use` this answers.
        public var toolUseID: String
        /// The result; absent for a tool that returned nothing.
        public var content: ToolResultContent?
        /// Whether the tool failed.
        public var isError: Bool?
        /// A cache breakpoint after this block.
        public var cacheControl: CacheControlEphemeral?

        /// A tool result.
        public init(
            toolUseID: String,
            content: ToolResultContent?,
            isError: Bool? = nil,
            cacheControl: CacheControlEphemeral? = nil
        ) {
            self.toolUseID = toolUseID
            self.content = content
            self.isError = isError
            self.cacheControl = cacheControl
        }

        private enum CodingKeys: String, CodingKey {
            case toolUseID = "tool_use_id"
            case content
            case isError = "is_error"
            case cacheControl = "cache_control"
        }
    }

    /// A tool result's `content`: a string, or an array of `text` and `image` blocks — the same wire shape as a
    /// message's content.
    public typealias ToolResultContent = MessageContent

    /// The fields of a `thinking` block.
    public struct ThinkingBlock: Sendable, Hashable, Codable {
        /// The visible reasoning.
        public var thinking: String
        /// Anthropic's signature authenticating the reasoning when it is sent back. Absent from the
        /// `content_block_start` of a streamed thinking block, where it arrives as a `signature_delta`.
        public var signature: String?

        /// A thinking block.
        public init(thinking: String, signature: String?) {
            self.thinking = thinking
            self.signature = signature
        }
    }

    /// The fields of a `redacted_thinking` block.
    public struct RedactedThinkingBlock: Sendable, Hashable, Codable {
        /// Encrypted reasoning, passed back verbatim.
        public var data: String

        /// A redacted thinking block.
        public init(data: String) {
            self.data = data
        }
    }

    /// Decodes an array of content blocks from a container that held neither a string nor an array, with an
    /// error that names both accepted shapes.
    static func decodeBlocks(_ container: any SingleValueDecodingContainer, decoder: any Decoder) throws -> [ContentBlock] {
        do {
            return try container.decode([ContentBlock].self)
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.count == decoder.codingPath.count {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "Expected a string or an array of content blocks."
            )
        }
    }
}
