/// The answer stream that flows out of the pipeline: events pulled one at a time by its one consumer.
///
/// Every stage that watches an answer (metering, the attempt's span, quota settlement, the router's health) wraps
/// the stream in one more layer, so each event of a streamed answer passes through half a dozen of them. A layer
/// here is one closure call: unlike `AsyncThrowingStream(unfolding:)`, it registers no cancellation handler and takes
/// no lock per event. Cancellation is the innermost source's to notice — the upstream body, whose read fails when the
/// reading task is cancelled — and the failure travels up through every layer like any other.
public struct ChatEventStream: AsyncSequence, Sendable {
    public typealias Element = StreamEvent

    private let produce: @Sendable () async throws -> StreamEvent?

    /// A stream whose events come from `produce`, called once per event its consumer pulls — never two calls at a
    /// time — until it returns `nil` or throws.
    public init(unfolding produce: @escaping @Sendable () async throws -> StreamEvent?) {
        self.produce = produce
    }

    /// A stream of what `build` yields to its continuation, kept until pulled.
    public init(_ build: (AsyncThrowingStream<StreamEvent, any Error>.Continuation) -> Void) {
        let stream = AsyncThrowingStream<StreamEvent, any Error>(StreamEvent.self, bufferingPolicy: .unbounded, build)
        let iterator = UnfoldingIterator(stream.makeAsyncIterator())
        self.init(unfolding: { try await iterator.next() })
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(produce: produce)
    }

    /// Pulls the stream's events; after the end or a failure, every further pull returns `nil`.
    public struct AsyncIterator: AsyncIteratorProtocol {
        private let produce: @Sendable () async throws -> StreamEvent?
        private var isFinished = false

        fileprivate init(produce: @escaping @Sendable () async throws -> StreamEvent?) {
            self.produce = produce
        }

        public mutating func next() async throws -> StreamEvent? {
            guard !isFinished else { return nil }
            do {
                guard let event = try await produce() else {
                    isFinished = true
                    return nil
                }
                return event
            } catch {
                isFinished = true
                throw error
            }
        }
    }
}
