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
        let replaying = ReplayingIterator(rest: makeAsyncIterator())
        while try await replaying.readsAheadForContent() {}
        return (ChatEventStream(unfolding: { try await replaying.next() }), replaying.refusedWithoutContent)
    }
}

/// Yields the events already read, then continues with the stream's own iterator.
///
/// `@unchecked Sendable`: it backs a `ChatEventStream(unfolding:)`, whose closure is never called
/// concurrently, so its state is only ever touched by one task at a time.
private final class ReplayingIterator: @unchecked Sendable {
    private var prefix: [StreamEvent] = []
    private var replayed = 0
    private var rest: ChatEventStream.AsyncIterator

    init(rest: ChatEventStream.AsyncIterator) {
        self.rest = rest
    }

    /// Reads one more event ahead; says whether the first content is still to come.
    ///
    /// - Throws: the stream's error, the error an `error` event carries, or a protocol error for a stream that
    ///   ended before any content.
    func readsAheadForContent() async throws -> Bool {
        guard let event = try await rest.next() else {
            throw SwitchyardError.upstreamProtocol("The upstream ended the answer before sending any content.")
        }
        return try keep(event)
    }

    @inline(never)
    private func keep(_ event: StreamEvent) throws -> Bool {
        if case .error(let failure) = event { throw failure }
        prefix.append(event)
        if case .messageStart = event { return true }
        return false
    }

    /// Whether the answer was a refusal with no content at all: a `content_filter` or `refusal` stop before any
    /// block.
    var refusedWithoutContent: Bool {
        guard case .messageDelta(let delta) = prefix.last else { return false }
        return delta.stopReason == .contentFilter || delta.stopReason == .refusal
    }

    func next() async throws -> StreamEvent? {
        if replayed < prefix.count {
            defer { replayed += 1 }
            return prefix[replayed]
        }
        return try await rest.next()
    }
}
