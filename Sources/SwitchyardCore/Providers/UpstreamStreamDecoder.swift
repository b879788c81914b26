/// Turns one upstream's Server-Sent Events into canonical events, one event at a time.
public protocol UpstreamStreamDecoder: Sendable {
    /// Decodes one SSE event into zero or more canonical events.
    ///
    /// - Throws: ``SwitchyardError`` when the event is not the documented shape.
    mutating func decode(_ event: ServerSentEvent) throws -> [StreamEvent]

    /// Called when the upstream closed the stream: returns any closing events still owed.
    ///
    /// - Throws: ``SwitchyardError`` when the stream ended before the provider's terminal event.
    mutating func finish() throws -> [StreamEvent]
}
