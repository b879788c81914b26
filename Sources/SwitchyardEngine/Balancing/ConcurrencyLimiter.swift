import Synchronization
import SwitchyardCore

/// Backpressure for one deployment: at most ``maximumConcurrent`` calls at once, at most ``maximumQueued`` more
/// waiting their turn in FIFO order, and a fast failure beyond that.
///
/// Failures are ``SwitchyardError``s with code `upstream_unavailable`, stage `route` and `isRetryable` set, so
/// the router moves on to another deployment; the message names the limit and the router adds the scope.
///
/// ```swift
/// let limiter = ConcurrencyLimiter(maximumConcurrent: 8, maximumQueued: 32)
/// let response = try await limiter.withPermit(timeout: .seconds(2)) {
///     try await client.complete(request)
/// }
/// ```
///
/// A permit freed by a finished call is handed straight to the first waiter, so a newcomer never overtakes the
/// queue. Waiting costs no task: a waiter is a continuation under a lock (plus, with a timeout, one child task
/// that sleeps).
public final class ConcurrencyLimiter: Sendable {
    /// The most calls that run at once.
    public let maximumConcurrent: Int
    /// The most calls that wait for a permit; one more fails at once.
    public let maximumQueued: Int

    private let state: Mutex<StateMachine>

    /// A limiter with no call running.
    ///
    /// - Parameters:
    ///   - maximumConcurrent: The most calls that run at once; values below 1 count as 1.
    ///   - maximumQueued: The most calls that wait for a permit; values below 0 count as 0 (no waiting).
    public init(maximumConcurrent: Int, maximumQueued: Int) {
        self.maximumConcurrent = max(maximumConcurrent, 1)
        self.maximumQueued = max(maximumQueued, 0)
        self.state = Mutex(StateMachine(maximumConcurrent: self.maximumConcurrent, maximumQueued: self.maximumQueued))
    }

    /// Calls running now (permits held), for health reporting.
    public var inFlight: Int { state.withLock { $0.running } }

    /// Calls waiting for a permit now, for health reporting.
    public var queued: Int { state.withLock { $0.queued } }

    /// Runs `body` once a permit is free, and returns the permit when `body` returns or throws.
    ///
    /// - Parameters:
    ///   - timeout: How long to wait in the queue for a permit; `nil` waits as long as it takes. Time spent in
    ///     `body` does not count.
    ///   - body: The call to make under the limit.
    /// - Returns: What `body` returned.
    /// - Throws: A retryable ``SwitchyardError`` (`upstream_unavailable`, stage `route`) when the queue is full
    ///   or the wait timed out; `CancellationError` when the task was cancelled while waiting (a cancelled call
    ///   must not fail over elsewhere); otherwise whatever `body` throws. A waiter that fails leaves the queue.
    public func withPermit<T>(
        timeout: Duration? = nil,
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async throws -> T {
        try await acquire(timeout: timeout)
        defer { release() }
        return try await body()
    }

    private func acquire(timeout: Duration?, isolation: isolated (any Actor)? = #isolation) async throws {
        let id: UInt64
        switch state.withLock({ $0.acquire() }) {
        case .acquired:
            return
        case .rejected:
            throw SwitchyardError(
                code: .upstreamUnavailable,
                message: "Concurrency limit reached: \(maximumConcurrent) calls in flight and \(maximumQueued) waiting, the most allowed.",
                stage: .route,
                isRetryable: true
            )
        case .enqueued(let waiterID):
            id = waiterID
        }
        guard let timeout else {
            return try await wait(id)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await EventLoopSleep.sleep(for: timeout)
                self.abandon(
                    id,
                    with: SwitchyardError(
                        code: .upstreamUnavailable,
                        message: "Concurrency limit reached: no permit of \(self.maximumConcurrent) came free within \(timeout).",
                        stage: .route,
                        isRetryable: true
                    )
                )
            }
            // The sleeping timer is cancelled once the wait ends either way; its CancellationError is discarded.
            defer { group.cancelAll() }
            try await wait(id)
        }
    }

    /// Waits, as queued waiter `id`, until a permit is handed over or the waiter is abandoned.
    private func wait(_ id: UInt64, isolation: isolated (any Actor)? = #isolation) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: StateMachine.Continuation) in
                if let outcome = state.withLock({ $0.attach(continuation, to: id) }) {
                    continuation.resume(with: outcome)
                }
            }
        } onCancel: {
            abandon(id, with: CancellationError())
        }
    }

    private func abandon(_ id: UInt64, with error: any Error) {
        state.withLock { $0.abandon(id, with: error) }?.resume(throwing: error)
    }

    private func release() {
        state.withLock { $0.release() }?.resume()
    }
}
