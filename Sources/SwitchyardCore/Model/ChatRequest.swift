/// A model call in canonical form: what every inbound API decodes into and every provider encodes from.
public struct ChatRequest: Sendable, Hashable {
    /// The model the client asked for: an alias from the catalog, or (once routed) the upstream's model name.
    public var model: String
    /// System prompt blocks, in order. Empty when there is none.
    public var system: [TextPart]
    /// The conversation so far, oldest turn first.
    public var messages: [Message]
    /// The tools the model may call. Empty when there are none.
    public var tools: [ToolDefinition]
    /// How the model must choose among ``tools``; `nil` keeps the provider default.
    public var toolChoice: ToolChoice?
    /// Whether the model may call several tools in one turn; `nil` keeps the provider default.
    public var parallelToolCalls: Bool?
    /// The most output tokens the model may produce; `nil` leaves the limit to the provider translator.
    public var maxTokens: Int?
    /// Sampling temperature; `nil` keeps the provider default.
    public var temperature: Double?
    /// Nucleus sampling probability mass; `nil` keeps the provider default.
    public var topP: Double?
    /// Top-k sampling cutoff; `nil` keeps the provider default.
    public var topK: Int?
    /// Strings that end the answer when the model produces them. Empty when there are none.
    public var stopSequences: [String]
    /// The shape the text answer must take; `nil` for free text.
    public var responseFormat: ResponseFormat?
    /// Whether and how much the model may reason first; `nil` keeps the provider default.
    public var thinking: ThinkingConfiguration?
    /// Whether the client wants the answer streamed.
    public var stream: Bool
    /// The end user on whose behalf the call is made (OpenAI `user`, Anthropic `metadata.user_id`).
    public var user: String?
    /// Free-form request metadata (OpenAI `metadata`); routing and budgets may read it.
    public var metadata: [String: String]

    /// Creates a request; everything but the model and the messages is optional.
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
