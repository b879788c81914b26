/// An async iterator behind a reference, so an `AsyncThrowingStream(unfolding:)` closure can advance it.
///
/// `@unchecked Sendable`: an `AsyncThrowingStream(unfolding:)` never calls its closure concurrently, so the
/// iterator is only ever touched by one task at a time. Use it only behind such a closure.
final class UnfoldingIterator<Base: AsyncIteratorProtocol>: @unchecked Sendable {
    private var base: Base

    init(_ base: Base) {
        self.base = base
    }

    func next() async throws -> Base.Element? {
        try await base.next()
    }
}
