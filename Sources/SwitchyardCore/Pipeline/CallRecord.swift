import Synchronization

/// The facts of one call that stages record as they go: attempts, the provider that answered, and the time
/// spent waiting on upstreams (from which the gateway's own overhead is derived).
///
/// Shared by reference between the stages and the edge; every access is under a lock.
public final class CallRecord: Sendable {
    /// One try of one deployment.
    public struct Attempt: Sendable, Hashable {
        /// The provider name from the configuration, such as `openai`.
        public var provider: String
        /// The model name sent upstream.
        public var model: String
        /// `nil` for success; otherwise the error's label.
        public var failure: String?
        /// How long the attempt took.
        public var duration: Duration

        /// Creates an attempt record.
        public init(provider: String, model: String, failure: String?, duration: Duration) {
            self.provider = provider
            self.model = model
            self.failure = failure
            self.duration = duration
        }
    }

    private struct State {
        var attempts: [Attempt] = []
        var upstreamWait: Duration = .zero
    }

    private let state = Mutex(State())

    /// Creates a record with no attempts and no upstream wait.
    public init() {}

    /// Records a finished attempt.
    public func recordAttempt(_ attempt: Attempt) {
        state.withLock { $0.attempts.append(attempt) }
    }

    /// Adds time spent blocked on upstream I/O.
    public func addUpstreamWait(_ duration: Duration) {
        state.withLock { $0.upstreamWait += duration }
    }

    /// The attempts so far, in order.
    public var attempts: [Attempt] {
        state.withLock { $0.attempts }
    }

    /// The total time blocked on upstream I/O so far.
    public var upstreamWait: Duration {
        state.withLock { $0.upstreamWait }
    }

    /// The provider of the last successful attempt.
    public var answeringProvider: String? {
        state.withLock { $0.attempts.last { $0.failure == nil }?.provider }
    }
}
