import SwitchyardCore

extension ChatEventStream {
    /// Reads ahead to the first content-bearing event and returns a stream that replays what was read, then the
    /// rest.
    ///
    /// Until content arrives nothing has reached the client, so a failure here — the upstream closing early, a
    /// broken chunk, or an `error` event after a 200 (Anthropic's `overloaded_error` arrives that way) — can still
    /// fail the attempt and let the router try the next deployment.
    ///
    /// - Returns: the replaying stream, and whether the answer was a refusal with no content at all (a
    ///   `content_filter` or `refusal` stop before any block), which a content-policy fallback may take over.
    /// - Throws: the stream's error, the error an `error` event carries, or a protocol error for a stream that
    ///   ended before any content.
    func awaitingFirstContent() async throws -> (stream: ChatEventStream, refusedWithoutContent: Bool) {
        var iterator = makeAsyncIterator()
        var prefix: [StreamEvent] = []
        while true {
            guard let event = try await iterator.next() else {
                throw SwitchyardError.upstreamProtocol("The upstream ended the answer before sending any content.")
            }
            if case .error(let failure) = event { throw failure }
            prefix.append(event)
            if case .messageStart = event { continue }
            break
        }
        var refusedWithoutContent = false
        if case .messageDelta(let delta) = prefix.last, delta.stopReason == .contentFilter || delta.stopReason == .refusal {
            refusedWithoutContent = true
        }
        let replaying = ReplayingIterator(prefix: prefix, rest: iterator)
        return (ChatEventStream(unfolding: { try await replaying.next() }), refusedWithoutContent)
    }
}

/// Yields the events already read, then continues with the stream's own iterator.
///
/// `@unchecked Sendable`: it backs a `ChatEventStream(unfolding:)`, whose closure is never called
/// concurrently, so its state is only ever touched by one task at a time.
private final class ReplayingIterator: @unchecked Sendable {
    private var prefix: ArraySlice<StreamEvent>
    private var rest: ChatEventStream.AsyncIterator

    init(prefix: [StreamEvent], rest: ChatEventStream.AsyncIterator) {
        self.prefix = prefix[...]
        self.rest = rest
    }

    func next() async throws -> StreamEvent? {
        if let event = prefix.popFirst() { return event }
        return try await rest.next()
    }
}
