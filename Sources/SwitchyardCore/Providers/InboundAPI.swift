/// A client-facing API (OpenAI Chat Completions, Anthropic Messages): wire ⇄ canonical, client side.
public protocol InboundAPI: Sendable {
    associatedtype StreamEncoder: InboundStreamEncoder

    /// Decodes and validates a request body.
    ///
    /// - Throws: ``SwitchyardError`` with code `invalidRequest` naming the offending field.
    func decodeRequest(_ body: [UInt8]) throws -> InboundCall

    /// Encodes a complete answer as this API's response body.
    func encodeResponse(_ response: ChatResponse, for call: InboundCall) -> [UInt8]

    /// A fresh encoder for one streamed answer.
    func makeStreamEncoder(for call: InboundCall) -> StreamEncoder

    /// Encodes an error as this API's error envelope, with Switchyard's `stage`, `code`, `scope` and
    /// `request_id` fields alongside the standard ones.
    func encodeError(_ error: SwitchyardError, requestID: String?) -> [UInt8]
}

/// A decoded inbound request and the client-side options that shape the answer's encoding.
public struct InboundCall: Sendable, Hashable {
    public var request: ChatRequest
    /// Whether the streamed answer ends with a usage chunk (OpenAI `stream_options.include_usage`).
    /// Always true for APIs whose stream carries usage by design.
    public var includeStreamUsage: Bool

    public init(request: ChatRequest, includeStreamUsage: Bool) {
        self.request = request
        self.includeStreamUsage = includeStreamUsage
    }
}

/// Encodes canonical events as one client API's Server-Sent Events.
public protocol InboundStreamEncoder: Sendable {
    /// The bytes (zero or more complete SSE events) for one canonical event.
    mutating func encode(_ event: StreamEvent) -> [UInt8]

    /// The bytes for an error that ends the stream after it began, in this API's in-stream error shape.
    mutating func encodeError(_ error: SwitchyardError, requestID: String?) -> [UInt8]
}
