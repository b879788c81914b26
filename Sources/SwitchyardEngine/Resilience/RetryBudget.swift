/// A cap on retries relative to recent traffic, so an outage cannot turn into a retry storm (Finagle and Linkerd's
/// retry budget).
///
/// Over the last ``Configuration/window``, retries may number at most ``Configuration/ratio`` × the requests seen
/// plus ``Configuration/minimumRetriesPerSecond`` × the window's length in seconds — the floor that lets a quiet
/// deployment still retry. Retries and requests leave the window as it slides, which is how the budget refills.
///
/// Pure and clock-free: every event carries `now`. Both tallies live in a fixed ring of 30 buckets (a third of a
/// second each for the default 10-second window), so memory does not grow with traffic; an event leaves the window
/// between `window − window/30` and `window` after it happened.
///
/// ```swift
/// budget.recordRequest(now: now)            // once per original request
/// if budget.tryWithdrawRetry(now: now) { … } // before each retry
/// ```
public struct RetryBudget<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// How large the budget is and how far back it looks.
    public struct Configuration: Sendable, Hashable {
        /// Retries allowed per request seen in the window, from 0 to 1. Default 0.2 (one retry per five requests).
        public var ratio: Double
        /// How far back requests and retries are counted. Default 10 seconds.
        public var window: Duration
        /// Retries allowed per second of window regardless of traffic. Default 1 (10 retries per 10-second window).
        public var minimumRetriesPerSecond: Double

        /// Creates a configuration; every parameter defaults to the value documented on its property.
        public init(ratio: Double = 0.2, window: Duration = .seconds(10), minimumRetriesPerSecond: Double = 1) {
            self.ratio = ratio
            self.window = window
            self.minimumRetriesPerSecond = minimumRetriesPerSecond
        }
    }

    private struct Tally: AdditiveArithmetic, Sendable {
        var requests = 0
        var retries = 0

        static var zero: Tally { Tally() }

        static func + (lhs: Tally, rhs: Tally) -> Tally {
            Tally(requests: lhs.requests + rhs.requests, retries: lhs.retries + rhs.retries)
        }

        static func - (lhs: Tally, rhs: Tally) -> Tally {
            Tally(requests: lhs.requests - rhs.requests, retries: lhs.retries - rhs.retries)
        }
    }

    /// The ratio, window and floor this budget applies.
    public let configuration: Configuration

    private var tallies: SlidingWindow<Instant, Tally>

    /// Creates an empty budget: only the floor is available until requests are recorded.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.tallies = SlidingWindow(window: configuration.window)
    }

    /// Records an original request, which earns ``Configuration/ratio`` of a retry. Do not call it for retries.
    public mutating func recordRequest(now: Instant) {
        tallies.record(now: now) { $0.requests += 1 }
    }

    /// Spends one retry if the budget allows it at `now`.
    ///
    /// - Returns: true when the retry may be made (and has been counted); false when the budget is spent, in which
    ///   case nothing is recorded and the caller should fall back or fail instead of retrying.
    public mutating func tryWithdrawRetry(now: Instant) -> Bool {
        guard availableRetries(now: now) > 0 else { return false }
        tallies.record(now: now) { $0.retries += 1 }
        return true
    }

    /// How many more retries the budget allows at `now`.
    public func availableRetries(now: Instant) -> Int {
        let tally = tallies.total(now: now)
        let windowSeconds = max(0, configuration.window / .seconds(1))
        let allowance = max(0, configuration.ratio) * Double(tally.requests)
            + max(0, configuration.minimumRetriesPerSecond) * windowSeconds
        // The tolerance keeps 0.2 × 50 at 10 retries despite binary rounding.
        let whole = (allowance + 1e-9).rounded(.down)
        guard whole.isFinite else { return whole > 0 ? .max : 0 }
        guard whole < Double(Int.max / 2) else { return .max }
        return max(0, Int(whole) - tally.retries)
    }

    /// How many original requests the window holds at `now`.
    public func requestCount(now: Instant) -> Int {
        tallies.total(now: now).requests
    }

    /// How many retries the window holds at `now`.
    public func retryCount(now: Instant) -> Int {
        tallies.total(now: now).retries
    }
}
