import Synchronization
import SwitchyardCore

/// The live health of every deployment: its circuit breaker, retry budget, latency estimate, calls in flight,
/// and concurrency limiter.
///
/// Shared by all requests; every read and update is a short critical section, so routing decisions cost
/// microseconds and never wait on I/O.
public final class DeploymentHealth: Sendable {
    /// The instant type the state machines run on.
    public typealias Instant = ContinuousClock.Instant

    /// Settings shared by every deployment's state machines.
    public struct Settings: Sendable, Hashable {
        /// When breakers open and how they recover.
        public var breaker: CircuitBreaker<Instant>.Configuration
        /// How many re-attempts each deployment allows relative to its traffic.
        public var retryBudget: RetryBudget<Instant>.Configuration

        /// The state machines' documented defaults.
        public init(
            breaker: CircuitBreaker<Instant>.Configuration = .init(),
            retryBudget: RetryBudget<Instant>.Configuration = .init()
        ) {
            self.breaker = breaker
            self.retryBudget = retryBudget
        }
    }

    private struct Entry {
        var breaker: CircuitBreaker<Instant>
        var retryBudget: RetryBudget<Instant>
        var latency = PeakEWMA<Instant>()
        var inFlight = 0
        var lastFailure: String?
    }

    private let settings: Settings
    private let entries = Mutex<[String: Entry]>([:])
    private let limiters: [String: ConcurrencyLimiter]

    /// Health for the deployments of `catalog`; deployments met later (`provider/model` addressing) are added
    /// on first use.
    public init(catalog: ModelCatalog, settings: Settings = Settings()) {
        self.settings = settings
        var limiters: [String: ConcurrencyLimiter] = [:]
        for deployment in catalog.aliases.flatMap(\.deployments) {
            if let limit = deployment.concurrency, limiters[deployment.id] == nil {
                limiters[deployment.id] = ConcurrencyLimiter(maximumConcurrent: limit.maximumConcurrent, maximumQueued: limit.maximumQueued)
            }
        }
        self.limiters = limiters
    }

    /// Asks `deployment`'s breaker whether a call may go to it now.
    public func admit(_ deployment: Deployment, now: Instant) -> CircuitBreaker<Instant>.Admission {
        update(deployment) { $0.breaker.admit(now: now) }
    }

    /// Counts a call to `deployment` in its retry budget's traffic.
    public func recordRequest(to deployment: Deployment, now: Instant) {
        update(deployment) { $0.retryBudget.recordRequest(now: now) }
    }

    /// Whether `deployment`'s retry budget allows one more re-attempt, consuming it if so.
    public func withdrawRetry(from deployment: Deployment, now: Instant) -> Bool {
        update(deployment) { $0.retryBudget.tryWithdrawRetry(now: now) }
    }

    /// Marks a call to `deployment` as started (for least-in-flight and latency-aware balancing).
    public func callStarted(on deployment: Deployment) {
        update(deployment) { $0.inFlight += 1 }
    }

    /// Marks a call to `deployment` as ended.
    public func callEnded(on deployment: Deployment) {
        update(deployment) { $0.inFlight = max(0, $0.inFlight - 1) }
    }

    /// Records that `deployment` served a call, with `latency` to its first content.
    public func recordSuccess(of deployment: Deployment, latency: Duration, now: Instant) {
        update(deployment) { entry in
            entry.breaker.recordSuccess(now: now)
            entry.latency.observe(latency, now: now)
        }
    }

    /// Records that `deployment` failed a call with `failure` (a label such as `upstream_unavailable`).
    public func recordFailure(of deployment: Deployment, failure: String, latency: Duration, now: Instant) {
        update(deployment) { entry in
            entry.breaker.recordFailure(now: now)
            entry.latency.observe(latency, now: now)
            entry.lastFailure = failure
        }
    }

    /// Releases a half-open probe slot of `deployment` whose call ended without an outcome (it was cancelled).
    public func releaseProbe(of deployment: Deployment) {
        update(deployment) { $0.breaker.releaseProbe() }
    }

    /// What the balancer needs to know about each of `deployments`.
    public func candidates(_ deployments: [Deployment], now: Instant) -> [Balancer.Candidate] {
        entries.withLock { entries in
            deployments.map { deployment in
                let entry = entries[deployment.id] ?? newEntry()
                return Balancer.Candidate(
                    weight: deployment.weight,
                    inFlight: entry.inFlight,
                    latencyLoad: entry.latency.load(inFlight: entry.inFlight, now: now)
                )
            }
        }
    }

    /// The concurrency limiter of `deployment`, when it has a limit.
    public func limiter(for deployment: Deployment) -> ConcurrencyLimiter? {
        limiters[deployment.id]
    }

    /// A report on every deployment seen so far, by id.
    public func report(now: Instant) -> [DeploymentHealthReport] {
        entries.withLock { entries in
            entries.keys.sorted().compactMap { id in
                guard let entry = entries[id] else { return nil }
                return DeploymentHealthReport(
                    id: id,
                    breaker: entry.breaker.phase.label,
                    breakerOpenings: entry.breaker.openings,
                    recentRequests: entry.breaker.requestCount(now: now),
                    recentErrorRate: entry.breaker.failureRate(now: now),
                    inFlight: entry.inFlight,
                    queued: limiters[id]?.queued ?? 0,
                    latencyEstimateSeconds: entry.latency.estimate(now: now),
                    lastFailure: entry.lastFailure
                )
            }
        }
    }

    private func newEntry() -> Entry {
        Entry(breaker: CircuitBreaker(configuration: settings.breaker), retryBudget: RetryBudget(configuration: settings.retryBudget))
    }

    private func update<Result>(_ deployment: Deployment, _ body: (inout Entry) -> Result) -> Result {
        entries.withLock { entries in
            body(&entries[deployment.id, default: newEntry()])
        }
    }
}
