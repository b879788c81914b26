/// An async iterator behind a reference, so that the closure of a `ChatEventStream(unfolding:)` or an
/// `AsyncThrowingStream(unfolding:)` can advance it.
///
/// `@unchecked Sendable`: neither kind of stream ever calls its closure concurrently, so the iterator is only ever
/// touched by one task at a time. Use it only behind such a closure.
package final class UnfoldingIterator<Base: AsyncIteratorProtocol>: @unchecked Sendable {
    private var base: Base

    package init(_ base: Base) {
        self.base = base
    }

    package func next() async throws -> Base.Element? {
        try await base.next()
    }
}
