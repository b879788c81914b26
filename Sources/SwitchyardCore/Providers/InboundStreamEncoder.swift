/// Encodes canonical events as one client API's Server-Sent Events.
public protocol InboundStreamEncoder: Sendable {
    /// The bytes (zero or more complete SSE events) for one canonical event.
    mutating func encode(_ event: StreamEvent) -> [UInt8]

    /// The bytes for an error that ends the stream after it began, in this API's in-stream error shape.
    mutating func encodeError(_ error: SwitchyardError, requestID: String?) -> [UInt8]
}
