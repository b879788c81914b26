/// Exponential backoff with full jitter, honouring an upstream's `Retry-After`.
///
/// Retry `n` (1-based) waits a uniformly random duration in `[0, min(maximum, base · 2^(n−1))]` — "full jitter",
/// which spreads synchronized clients out better than adding a little noise to a fixed delay. When the upstream
/// said how long to wait, that wins: it is honoured exactly if it fits within ``maximum``, and a longer wait means
/// this deployment should not be waited on at all.
///
/// ```swift
/// var generator = SystemRandomNumberGenerator()
/// if let delay = backoff.delay(forRetry: 2, retryAfter: nil, using: &generator) {
///     try await Task.sleep(for: delay)
/// }
/// ```
public struct Backoff: Sendable, Hashable {
    /// The ceiling of the first retry's delay; each later retry doubles it. Default 100 milliseconds.
    public var base: Duration
    /// The largest delay ever returned, and the longest `Retry-After` worth waiting for. Default 5 seconds.
    public var maximum: Duration

    /// Creates a backoff with the given first-retry ceiling and overall maximum.
    public init(base: Duration = .milliseconds(100), maximum: Duration = .seconds(5)) {
        self.base = base
        self.maximum = maximum
    }

    /// How long to wait before a retry, or nil when the upstream asked for a longer wait than ``maximum``.
    ///
    /// - Parameters:
    ///   - retry: which retry this is, starting at 1 for the first retry after the original attempt; values below 1
    ///     are treated as 1.
    ///   - retryAfter: the wait the upstream asked for (its `Retry-After`), if any. Returned exactly when it is at
    ///     most ``maximum`` (a negative value as zero), without drawing a random number.
    ///   - generator: the source of jitter; tests pass a seeded generator.
    /// - Returns: the delay, or nil meaning "do not wait on this deployment; move on to another".
    public func delay(forRetry retry: Int, retryAfter: Duration?, using generator: inout some RandomNumberGenerator) -> Duration? {
        if let retryAfter {
            return retryAfter <= maximum ? max(retryAfter, .zero) : nil
        }
        let ceiling = ceiling(forRetry: retry).attoseconds
        guard ceiling > 0 else { return .zero }
        return Duration(attoseconds: Int128.random(in: 0...ceiling, using: &generator))
    }

    /// `min(maximum, base · 2^(retry−1))`, doubled step by step so a large retry number cannot overflow.
    private func ceiling(forRetry retry: Int) -> Duration {
        var ceiling = base
        var doublings = max(1, retry) - 1
        while doublings > 0, ceiling > .zero, ceiling < maximum {
            ceiling = ceiling * 2
            doublings -= 1
        }
        return min(ceiling, maximum)
    }
}
