import Foundation

/// Where one rate limit stands for the caller after admitting a call: what the client's rate-limit headers
/// (`x-ratelimit-*`, `anthropic-ratelimit-*`) report.
public struct RateLimitStatus: Sendable, Hashable {
    /// What the limit counts: requests or (cost-weighted) tokens.
    public var metric: Quota.Metric
    /// The limit per window.
    public var limit: Int64
    /// What is left in this window, as this replica sees it.
    public var remaining: Int64
    /// When the window ends and the count starts again.
    public var resetsAt: Date

    /// Creates a status.
    public init(metric: Quota.Metric, limit: Int64, remaining: Int64, resetsAt: Date) {
        self.metric = metric
        self.limit = limit
        self.remaining = remaining
        self.resetsAt = resetsAt
    }
}
