/// One deployment's health as `GET /admin/health/deployments` reports it.
public struct DeploymentHealthReport: Sendable, Hashable, Encodable {
    /// `provider/model`.
    public var id: String
    /// The breaker's phase: `closed`, `open` or `half_open`.
    public var breaker: String
    /// How many times the breaker has opened.
    public var breakerOpenings: Int
    /// Calls in the breaker's sliding window.
    public var recentRequests: Int
    /// The share of those calls that failed, from 0 to 1.
    public var recentErrorRate: Double
    /// Calls running now.
    public var inFlight: Int
    /// Calls waiting for a concurrency slot.
    public var queued: Int
    /// The peak-EWMA latency estimate, in seconds.
    public var latencyEstimateSeconds: Double
    /// The label of the last failure, if any.
    public var lastFailure: String?

    enum CodingKeys: String, CodingKey {
        case id
        case breaker
        case breakerOpenings = "breaker_openings"
        case recentRequests = "recent_requests"
        case recentErrorRate = "recent_error_rate"
        case inFlight = "in_flight"
        case queued
        case latencyEstimateSeconds = "latency_estimate_seconds"
        case lastFailure = "last_failure"
    }
}
