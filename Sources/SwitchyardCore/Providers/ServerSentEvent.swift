/// One Server-Sent Event, as the `text/event-stream` format defines it.
public struct ServerSentEvent: Sendable, Hashable {
    /// The `event:` field; `nil` when absent (the default event type, `message`).
    public var event: String?
    /// The `data:` lines joined with `\n`.
    public var data: String
    /// The `id:` field, when given.
    public var id: String?

    /// Creates an event.
    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}
