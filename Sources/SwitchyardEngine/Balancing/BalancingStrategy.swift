/// How a deployment is chosen among the deployments of one tier.
///
/// The raw values are the spellings used in configuration (`strategy: least-in-flight`).
public enum BalancingStrategy: String, Sendable, Hashable, CaseIterable {
    /// Weighted random: each deployment is picked with probability proportional to its weight; the fallback
    /// order is a weighted random sample without replacement.
    case weightedRandom = "weighted"
    /// The deployment with the fewest calls in flight, ties broken at random.
    case leastInFlight = "least-in-flight"
    /// Latency-aware: peak-EWMA load (latency estimate × (calls in flight + 1)) with power-of-two-choices, as
    /// Finagle's `Balancers.p2cPeakEwma`, tower's `p2c::Balance` over `PeakEwma` and Helicone do. See
    /// ``PeakEWMA`` and ``Balancer``.
    case latency = "latency"
}
