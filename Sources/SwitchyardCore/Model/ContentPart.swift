/// One block of a message's content.
public enum ContentPart: Sendable, Hashable {
    case text(TextPart)
    case image(ImagePart)
    case toolUse(ToolUse)
    case toolResult(ToolResult)
    case thinking(Thinking)
    /// Encrypted reasoning the provider returns opaque; passed back verbatim on the next turn.
    case redactedThinking(data: String)

    /// A plain text part with no cache breakpoint.
    public static func text(_ text: String) -> ContentPart {
        .text(TextPart(text: text))
    }
}

/// Text, with an optional prompt-cache breakpoint after it.
public struct TextPart: Sendable, Hashable {
    public var text: String
    public var cacheControl: CacheControl?

    public init(text: String, cacheControl: CacheControl? = nil) {
        self.text = text
        self.cacheControl = cacheControl
    }
}

/// An image given inline as base64 data or by URL.
public struct ImagePart: Sendable, Hashable {
    /// Where the image bytes come from.
    public enum Source: Sendable, Hashable {
        case base64(mediaType: String, data: String)
        case url(String)
    }

    public var source: Source
    public var cacheControl: CacheControl?

    public init(source: Source, cacheControl: CacheControl? = nil) {
        self.source = source
        self.cacheControl = cacheControl
    }
}

/// A model's request to call a tool.
public struct ToolUse: Sendable, Hashable {
    /// The call id that the matching ``ToolResult`` refers to.
    public var id: String
    public var name: String
    /// The arguments, as a JSON object.
    public var input: JSONValue
    /// Gemini's `thoughtSignature` on a `functionCall` part, returned verbatim on the next turn.
    public var signature: String?
    public var cacheControl: CacheControl?

    public init(id: String, name: String, input: JSONValue, signature: String? = nil, cacheControl: CacheControl? = nil) {
        self.id = id
        self.name = name
        self.input = input
        self.signature = signature
        self.cacheControl = cacheControl
    }
}

/// The outcome of a tool call, sent back by the client.
public struct ToolResult: Sendable, Hashable {
    /// The id of the ``ToolUse`` this answers.
    public var toolUseID: String
    /// Text and image parts; other kinds are not valid here.
    public var content: [ContentPart]
    public var isError: Bool
    public var cacheControl: CacheControl?

    public init(toolUseID: String, content: [ContentPart], isError: Bool = false, cacheControl: CacheControl? = nil) {
        self.toolUseID = toolUseID
        self.content = content
        self.isError = isError
        self.cacheControl = cacheControl
    }

    /// The text parts joined with newlines, for providers that take a tool result as one string.
    public var joinedText: String {
        content.compactMap { part -> String? in
            if case .text(let text) = part { return text.text }
            return nil
        }.joined(separator: "\n")
    }
}

/// Visible reasoning, with the provider's signature that authenticates it on the next turn.
public struct Thinking: Sendable, Hashable {
    public var text: String
    public var signature: String?

    public init(text: String, signature: String? = nil) {
        self.text = text
        self.signature = signature
    }
}
