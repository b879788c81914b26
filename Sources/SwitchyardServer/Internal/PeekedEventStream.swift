import SwitchyardCore

/// An event stream whose first event has already been read, so that an answer failing before its first
/// event can still become a plain HTTP error instead of a broken stream.
///
/// `@unchecked Sendable`: it is read by exactly one consumer (the response body writer), one `next()` at a
/// time, so its mutable state is never touched concurrently.
final class PeekedEventStream: @unchecked Sendable {
    private var first: StreamEvent?
    private var iterator: ChatEventStream.AsyncIterator

    /// Reads the first event of `events`.
    ///
    /// - Returns: `nil` when the stream ended with no event at all.
    /// - Throws: the stream's error, or the error an `error` first event carries.
    static func peek(_ events: ChatEventStream) async throws -> PeekedEventStream? {
        var iterator = events.makeAsyncIterator()
        guard let first = try await iterator.next() else { return nil }
        if case .error(let error) = first { throw error }
        return PeekedEventStream(first: first, iterator: iterator)
    }

    private init(first: StreamEvent, iterator: ChatEventStream.AsyncIterator) {
        self.first = first
        self.iterator = iterator
    }

    /// The next event: the peeked one first, then the rest of the stream.
    func next() async throws -> StreamEvent? {
        if let first {
            self.first = nil
            return first
        }
        return try await iterator.next()
    }
}
