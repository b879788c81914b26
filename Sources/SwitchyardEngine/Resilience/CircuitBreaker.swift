/// A per-deployment circuit breaker: closed → open → half-open → closed, as a pure state machine.
///
/// The breaker reads no clock; every event carries `now`, so tests drive time with plain instants and the router
/// passes the instant it already read. Ask ``admit(now:)`` before each attempt and report how it ended with
/// ``recordSuccess(now:)``, ``recordFailure(now:)``, or — for a probe that ended without an outcome, such as a
/// cancelled request — ``releaseProbe()``.
///
/// - **Closed**: every request is allowed. Failures in a row, or the failure rate over a sliding window, open it
///   (see ``Configuration``). Only a failure can open a breaker; a success never does.
/// - **Open**: requests are rejected until the cooldown passes; the first ``admit(now:)`` after that moves it to
///   half-open and admits a probe. Outcomes of requests admitted before it opened are counted in the window but do
///   not change the phase.
/// - **Half-open**: up to ``Configuration/halfOpenProbes`` probes run at a time. ``Configuration/successesToClose``
///   successes close it (restoring the base cooldown and clearing the window); one failure re-opens it with a
///   cooldown grown by ``Configuration/cooldownMultiplier``, capped at ``Configuration/maximumCooldown``. While
///   half-open, any reported outcome counts as a probe's.
///
/// The failure-rate window is a fixed ring of 30 buckets (one per second for the default 30-second window), so a
/// breaker's memory does not grow with traffic; an outcome leaves the window between `window − window/30` and
/// `window` after it was recorded.
///
/// ```swift
/// var breaker = CircuitBreaker<ContinuousClock.Instant>()
/// switch breaker.admit(now: clock.now) {
/// case .allowed, .probe: // call the deployment, then record its outcome
/// case .rejected(let until): // skip this deployment without a network call
/// }
/// ```
public struct CircuitBreaker<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// Whether a request may go to the deployment now.
    public enum Admission: Sendable, Hashable {
        /// The breaker is closed: send the request.
        case allowed
        /// The breaker is half-open and this request is one of its probes: send it, and report its outcome (or
        /// ``CircuitBreaker/releaseProbe()`` if it ends without one).
        case probe
        /// Skip the deployment. `until` is when an open breaker's cooldown ends; while half-open with every probe
        /// slot taken it is the `now` passed in, as a slot frees whenever a probe ends.
        case rejected(until: Instant)
    }

    /// Where the breaker is in its cycle, for routing decisions, metrics and the admin health endpoint.
    public enum Phase: Sendable, Hashable {
        /// Requests flow normally.
        case closed
        /// Requests are rejected until the instant given; the breaker turns half-open on the first
        /// ``CircuitBreaker/admit(now:)`` at or after it, so `until` may already be past.
        case open(until: Instant)
        /// Probe requests are testing whether the deployment has recovered.
        case halfOpen

        /// A short stable name for the phase, usable as a metric tag: `closed`, `open` or `half_open`.
        public var label: String {
            switch self {
            case .closed: "closed"
            case .open: "open"
            case .halfOpen: "half_open"
            }
        }
    }

    private enum State: Sendable {
        case closed(consecutiveFailures: Int)
        case open(until: Instant)
        case halfOpen(probesInFlight: Int, successes: Int)
    }

    private struct Outcomes: AdditiveArithmetic, Sendable {
        var successes = 0
        var failures = 0

        static var zero: Outcomes { Outcomes() }

        static func + (lhs: Outcomes, rhs: Outcomes) -> Outcomes {
            Outcomes(successes: lhs.successes + rhs.successes, failures: lhs.failures + rhs.failures)
        }

        static func - (lhs: Outcomes, rhs: Outcomes) -> Outcomes {
            Outcomes(successes: lhs.successes - rhs.successes, failures: lhs.failures - rhs.failures)
        }
    }

    /// The thresholds and cooldowns this breaker applies.
    public let configuration: Configuration
    /// How many times the breaker has opened, counting re-openings from half-open.
    public private(set) var openings = 0

    private var state = State.closed(consecutiveFailures: 0)
    /// The cooldown of the most recent opening; the next failed probe grows it.
    private var cooldown: Duration
    private var outcomes: SlidingWindow<Instant, Outcomes>

    /// Creates a closed breaker.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.cooldown = configuration.cooldown
        self.outcomes = SlidingWindow(window: configuration.window)
    }

    /// The breaker's current phase.
    public var phase: Phase {
        switch state {
        case .closed: .closed
        case .open(let until): .open(until: until)
        case .halfOpen: .halfOpen
        }
    }

    /// The share of failures (0 to 1) among the outcomes in the window at `now`; 0 when the window is empty.
    public func failureRate(now: Instant) -> Double {
        let total = outcomes.total(now: now)
        let count = total.successes + total.failures
        return count == 0 ? 0 : Double(total.failures) / Double(count)
    }

    /// How many outcomes, successes and failures, the window holds at `now`.
    public func requestCount(now: Instant) -> Int {
        let total = outcomes.total(now: now)
        return total.successes + total.failures
    }

    /// Decides whether a request may be sent now, moving an open breaker whose cooldown has passed to half-open.
    ///
    /// A caller that gets ``Admission/probe`` must report the probe's end: ``recordSuccess(now:)``,
    /// ``recordFailure(now:)``, or ``releaseProbe()`` when it ended with no verdict on the deployment.
    public mutating func admit(now: Instant) -> Admission {
        switch state {
        case .closed:
            return .allowed
        case .open(let until):
            guard now >= until else { return .rejected(until: until) }
            state = .halfOpen(probesInFlight: 1, successes: 0)
            return .probe
        case .halfOpen(let probesInFlight, let successes):
            guard probesInFlight < max(1, configuration.halfOpenProbes) else { return .rejected(until: now) }
            state = .halfOpen(probesInFlight: probesInFlight + 1, successes: successes)
            return .probe
        }
    }

    /// Records a request that the deployment served successfully.
    ///
    /// - Returns: ``Phase/closed`` when this success closed a half-open breaker; nil when the phase did not change.
    @discardableResult
    public mutating func recordSuccess(now: Instant) -> Phase? {
        outcomes.record(now: now) { $0.successes += 1 }
        switch state {
        case .closed:
            state = .closed(consecutiveFailures: 0)
            return nil
        case .open:
            return nil
        case .halfOpen(let probesInFlight, let successes):
            guard successes + 1 >= max(1, configuration.successesToClose) else {
                state = .halfOpen(probesInFlight: max(0, probesInFlight - 1), successes: successes + 1)
                return nil
            }
            state = .closed(consecutiveFailures: 0)
            cooldown = configuration.cooldown
            outcomes.removeAll()
            return .closed
        }
    }

    /// Records a request that failed in a way that counts against the deployment (a retryable failure).
    ///
    /// - Returns: the ``Phase/open(until:)`` phase when this failure opened or re-opened the breaker; nil when the
    ///   phase did not change.
    @discardableResult
    public mutating func recordFailure(now: Instant) -> Phase? {
        outcomes.record(now: now) { $0.failures += 1 }
        switch state {
        case .closed(let consecutiveFailures):
            let consecutiveFailures = consecutiveFailures + 1
            guard consecutiveFailures >= max(1, configuration.consecutiveFailures) || failureRateTripped(now: now) else {
                state = .closed(consecutiveFailures: consecutiveFailures)
                return nil
            }
            return open(now: now, cooldown: configuration.cooldown)
        case .open:
            return nil
        case .halfOpen:
            return open(now: now, cooldown: grownCooldown())
        }
    }

    /// Frees the slot of a probe that ended without an outcome (for example, the client went away), so the
    /// half-open breaker can admit another probe. Does nothing unless the breaker is half-open.
    public mutating func releaseProbe() {
        guard case .halfOpen(let probesInFlight, let successes) = state else { return }
        state = .halfOpen(probesInFlight: max(0, probesInFlight - 1), successes: successes)
    }

    private func failureRateTripped(now: Instant) -> Bool {
        requestCount(now: now) >= max(1, configuration.minimumRequests)
            && failureRate(now: now) >= configuration.failureRateThreshold
    }

    private mutating func open(now: Instant, cooldown: Duration) -> Phase {
        self.cooldown = min(cooldown, configuration.maximumCooldown)
        let until = now.advanced(by: self.cooldown)
        state = .open(until: until)
        openings += 1
        return .open(until: until)
    }

    /// The current cooldown times the multiplier, never below the base cooldown nor above the maximum.
    private func grownCooldown() -> Duration {
        let multiplier = configuration.cooldownMultiplier
        guard multiplier.isFinite, multiplier > 1 else { return max(cooldown, configuration.cooldown) }
        // Compare in seconds first so an extreme multiplier cannot overflow `Duration`.
        guard cooldown / .seconds(1) * multiplier < configuration.maximumCooldown / .seconds(1) else {
            return configuration.maximumCooldown
        }
        return max(cooldown * multiplier, configuration.cooldown)
    }
}
