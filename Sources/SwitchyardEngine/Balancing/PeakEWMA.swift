#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A peak-sensitive, exponentially weighted moving average of one deployment's latency: the estimate behind
/// ``BalancingStrategy/latency``, after Finagle's and tower's `PeakEwma`.
///
/// A pure value with an injected instant, so tests drive time. The estimate follows three rules:
///
/// - **Peaks count at once.** A sample above the current estimate replaces it, so a deployment that slows down
///   loses traffic on its next answer rather than after many.
/// - **Improvements count gradually.** A sample at or below the current estimate pulls it toward the sample by
///   `1 − e^(−Δt/decay)`, where `Δt` is the time since the previous sample: one sample a full `decay` after the
///   last moves the estimate 63% of the way.
/// - **Idle estimates fade.** Between samples the estimate decays toward zero with the same time constant, as
///   tower and Finagle do, so a deployment shunned after one slow answer is tried again before long and its
///   next sample re-establishes the estimate. Observe failed and timed-out calls too (with the time they took)
///   so a stalled deployment's estimate rises instead of fading.
///
/// Before its first sample the estimate is ``initial``: a prior for a deployment with no history, replaced
/// outright by the first sample rather than averaged with it.
///
/// ```swift
/// var latency = PeakEWMA<ContinuousClock.Instant>()
/// latency.observe(.milliseconds(420), now: clock.now)
/// let score = latency.load(inFlight: 3, now: clock.now) // seconds × (3 + 1)
/// ```
public struct PeakEWMA<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// The estimate before the first sample.
    public let initial: Duration
    /// The time constant of the moving average and of the fade toward zero between samples.
    public let decay: Duration

    private var seconds: Double
    private var stamp: Instant?

    /// A fresh estimate.
    ///
    /// - Parameters:
    ///   - initial: The estimate before the first sample; the default of 1 second sits between a typical
    ///     time to first token and a short completion, so a new deployment is neither shunned nor flooded
    ///     while its first answers arrive. Negative values count as zero.
    ///   - decay: The time constant; the default of 10 seconds is tower's and Finagle's. Values below one
    ///     nanosecond count as one nanosecond.
    public init(initial: Duration = .seconds(1), decay: Duration = .seconds(10)) {
        self.initial = max(initial, .zero)
        self.decay = max(decay, .nanoseconds(1))
        self.seconds = Self.seconds(of: self.initial)
        self.stamp = nil
    }

    /// Records that a call took `latency`, observed at `now`.
    ///
    /// Negative latencies count as zero; an instant before the previous sample counts as no time elapsed.
    public mutating func observe(_ latency: Duration, now: Instant) {
        let sample = Self.seconds(of: max(latency, .zero))
        guard let stamp else {
            seconds = sample
            self.stamp = now
            return
        }
        let weight = self.weight(since: stamp, now: now)
        let current = seconds * weight
        seconds = sample > current ? sample : current * weight + sample * (1 - weight)
        self.stamp = max(stamp, now)
    }

    /// The latency estimate at `now`, in seconds.
    public func estimate(now: Instant) -> Double {
        guard let stamp else { return seconds }
        return seconds * weight(since: stamp, now: now)
    }

    /// tower's load score: the latency estimate in seconds × (`inFlight` + 1); lower is better.
    ///
    /// Counting the calls in flight makes a fast deployment that is already busy look as costly as it is about
    /// to become. Negative `inFlight` counts as zero.
    public func load(inFlight: Int, now: Instant) -> Double {
        estimate(now: now) * Double(max(inFlight, 0) + 1)
    }

    /// `e^(−Δt/decay)` for the time elapsed from `stamp` to `now`, never negative.
    private func weight(since stamp: Instant, now: Instant) -> Double {
        let elapsed = Self.seconds(of: max(stamp.duration(to: now), .zero))
        return exp(-elapsed / Self.seconds(of: decay))
    }

    private static func seconds(of duration: Duration) -> Double {
        let (wholeSeconds, attoseconds) = duration.components
        return Double(wholeSeconds) + Double(attoseconds) / 1e18
    }
}
