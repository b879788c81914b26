import Synchronization

/// Spots an agent stuck in a loop: the same caller sending the same request again and again in a short window.
///
/// Counts, per fingerprint (caller and request), the calls within the last ``window``; the call that would be the
/// ``threshold``-th is refused, and so is every further one until the oldest leaves the window. Per replica: a
/// loop is a burst from one client, and a load balancer with any stickiness sends a burst to one replica; spread
/// evenly over N replicas it is still caught at N times the threshold.
public final class LoopDetector: Sendable {
    /// How many identical calls within ``window`` count as a loop; the call that reaches it is refused.
    public let threshold: Int
    /// The span within which identical calls are counted.
    public let window: Duration

    private let seen = Mutex<[Int: [ContinuousClock.Instant]]>([:])
    /// Above this many fingerprints, every stale one is forgotten on the next check, so memory stays bounded.
    private static let pruneAbove = 10_000

    /// A detector refusing the `threshold`-th identical call within `window`.
    public init(threshold: Int, window: Duration) {
        self.threshold = threshold
        self.window = window
    }

    /// Records a call with `fingerprint` at `now`. Returns `nil` when it may proceed, or how long until it would
    /// (when the oldest identical call leaves the window) when it completes a loop.
    public func check(_ fingerprint: Int, now: ContinuousClock.Instant) -> Duration? {
        seen.withLock { seen in
            if seen.count > Self.pruneAbove {
                seen = seen.filter { _, times in times.last.map { now - $0 < window } ?? false }
            }
            var times = seen[fingerprint, default: []].filter { now - $0 < window }
            guard times.count + 1 < threshold else {
                seen[fingerprint] = times
                return times.first.map { $0 + window - now } ?? window
            }
            times.append(now)
            seen[fingerprint] = times
            return nil
        }
    }
}
