/// A decoded inbound request and the client-side options that shape the answer's encoding.
public struct InboundCall: Sendable, Hashable {
    /// The request in canonical form.
    public var request: ChatRequest
    /// Whether the streamed answer ends with a usage chunk (OpenAI `stream_options.include_usage`).
    /// Always true for APIs whose stream carries usage by design.
    public var includeStreamUsage: Bool

    /// Creates a decoded call.
    public init(request: ChatRequest, includeStreamUsage: Bool) {
        self.request = request
        self.includeStreamUsage = includeStreamUsage
    }
}
