/// A model call in canonical form: what every inbound API decodes into and every provider encodes from.
public struct ChatRequest: Sendable, Hashable {
    /// The model the client asked for: an alias from the catalog, or (once routed) the upstream's model name.
    public var model: String
    /// System prompt blocks, in order. Empty when there is none.
    public var system: [TextPart]
    public var messages: [Message]
    public var tools: [ToolDefinition]
    public var toolChoice: ToolChoice?
    /// Whether the model may call several tools in one turn; `nil` keeps the provider default.
    public var parallelToolCalls: Bool?
    public var maxTokens: Int?
    public var temperature: Double?
    public var topP: Double?
    public var topK: Int?
    public var stopSequences: [String]
    public var responseFormat: ResponseFormat?
    public var thinking: ThinkingConfiguration?
    /// Whether the client wants the answer streamed.
    public var stream: Bool
    /// The end user on whose behalf the call is made (OpenAI `user`, Anthropic `metadata.user_id`).
    public var user: String?
    /// Free-form request metadata (OpenAI `metadata`); routing and budgets may read it.
    public var metadata: [String: String]

    public init(
        model: String,
        system: [TextPart] = [],
        messages: [Message],
        tools: [ToolDefinition] = [],
        toolChoice: ToolChoice? = nil,
        parallelToolCalls: Bool? = nil,
        maxTokens: Int? = nil,
        temperature: Double? = nil,
        topP: Double? = nil,
        topK: Int? = nil,
        stopSequences: [String] = [],
        responseFormat: ResponseFormat? = nil,
        thinking: ThinkingConfiguration? = nil,
        stream: Bool = false,
        user: String? = nil,
        metadata: [String: String] = [:]
    ) {
        self.model = model
        self.system = system
        self.messages = messages
        self.tools = tools
        self.toolChoice = toolChoice
        self.parallelToolCalls = parallelToolCalls
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.topP = topP
        self.topK = topK
        self.stopSequences = stopSequences
        self.responseFormat = responseFormat
        self.thinking = thinking
        self.stream = stream
        self.user = user
        self.metadata = metadata
    }

    /// The system blocks joined with blank lines, for providers that take one system string.
    public var joinedSystemText: String? {
        system.isEmpty ? nil : system.map(\.text).joined(separator: "\n\n")
    }
}
