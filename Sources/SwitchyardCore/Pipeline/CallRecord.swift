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
        /// Whether a request went to the upstream; `false` when the deployment was skipped without a network
        /// call (an open circuit breaker, a full queue, an exhausted retry budget).
        public var wasSent: Bool
        /// What the deployment charges; `nil` when no price is configured for it.
        public var price: ModelPrice?
        /// When the attempt began; `nil` when not known.
        public var startedAt: ContinuousClock.Instant?

        /// Creates an attempt record.
        public init(
            provider: String,
            model: String,
            failure: String?,
            duration: Duration,
            wasSent: Bool = true,
            price: ModelPrice? = nil,
            startedAt: ContinuousClock.Instant? = nil
        ) {
            self.provider = provider
            self.model = model
            self.failure = failure
            self.duration = duration
            self.wasSent = wasSent
            self.price = price
            self.startedAt = startedAt
        }
    }

    /// One pipeline stage as it ran.
    public struct StageRun: Sendable, Hashable {
        /// The stage's name.
        public var name: String
        /// When it began.
        public var startedAt: ContinuousClock.Instant
        /// How long it took, `next` included.
        public var duration: Duration
        /// The error code it refused or failed with; `nil` when it passed the call on.
        public var refusal: String?
        /// The refusal's message.
        public var message: String?
        /// What the refusal applied to (a quota's scope, say), when it names one.
        public var scope: String?

        /// Creates a stage record.
        public init(
            name: String,
            startedAt: ContinuousClock.Instant,
            duration: Duration,
            refusal: String? = nil,
            message: String? = nil,
            scope: String? = nil
        ) {
            self.name = name
            self.startedAt = startedAt
            self.duration = duration
            self.refusal = refusal
            self.message = message
            self.scope = scope
        }
    }

    private struct State {
        var attempts: [Attempt] = []
        var upstreamWait: Duration = .zero
        var routingDecisions: [String] = []
        var rateLimits: [RateLimitStatus] = []
        var stages: [StageRun] = []
        var charge: (usage: Usage, cost: Money)?
    }

    private let state = Mutex(State())

    /// When the call began: the reference for every offset in traces and the request log.
    public let startedAt: ContinuousClock.Instant

    /// Creates a record with no attempts and no upstream wait, begun now.
    public init(startedAt: ContinuousClock.Instant = .now) {
        self.startedAt = startedAt
    }

    /// Records a pipeline stage that ran.
    public func recordStage(_ stage: StageRun) {
        state.withLock { $0.stages.append(stage) }
    }

    /// The stages that ran, in the order they finished.
    public var stages: [StageRun] {
        state.withLock { $0.stages }
    }

    /// Records what the call consumed and cost, once metering has settled it.
    public func recordCharge(usage: Usage, cost: Money) {
        state.withLock { $0.charge = (usage, cost) }
    }

    /// What the call consumed and cost; `nil` until metering has settled it.
    public var charge: (usage: Usage, cost: Money)? {
        state.withLock { $0.charge }
    }

    /// Records a finished attempt.
    public func recordAttempt(_ attempt: Attempt) {
        state.withLock { $0.attempts.append(attempt) }
    }

    /// Adds time spent blocked on upstream I/O.
    public func addUpstreamWait(_ duration: Duration) {
        state.withLock { $0.upstreamWait += duration }
    }

    /// Notes a routing decision in words, such as `rule long-context chose alias long`.
    public func recordRoutingDecision(_ decision: String) {
        state.withLock { $0.routingDecisions.append(decision) }
    }

    /// Notes where a rate limit stands after admitting this call, for the client's rate-limit headers.
    public func recordRateLimit(_ status: RateLimitStatus) {
        state.withLock { $0.rateLimits.append(status) }
    }

    /// The rate limits that admitted this call, in the order they were checked.
    public var rateLimits: [RateLimitStatus] {
        state.withLock { $0.rateLimits }
    }

    /// The routing decisions so far, in order.
    public var routingDecisions: [String] {
        state.withLock { $0.routingDecisions }
    }

    /// The attempts so far, in order.
    public var attempts: [Attempt] {
        state.withLock { $0.attempts }
    }

    /// The total time blocked on upstream I/O so far.
    public var upstreamWait: Duration {
        state.withLock { $0.upstreamWait }
    }

    /// How many attempts actually reached an upstream.
    public var sentAttemptCount: Int {
        state.withLock { $0.attempts.count { $0.wasSent } }
    }

    /// The provider of the last successful attempt.
    public var answeringProvider: String? {
        answeringAttempt?.provider
    }

    /// The last successful attempt: the deployment whose answer the client gets.
    public var answeringAttempt: Attempt? {
        state.withLock { $0.attempts.last { $0.failure == nil } }
    }
}
