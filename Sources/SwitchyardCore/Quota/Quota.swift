import Foundation

/// A cap on what a scope may consume in a window: a budget (dollars or tokens) or a rate limit (requests or
/// tokens per minute or day).
///
/// Tokens are *cost-weighted* (see ``ModelPrice/weightedTokens(of:outputWeight:)``): a cache read counts at the
/// fraction of an input token that it costs, so a quota in tokens tracks spend the way providers' own limits do.
public struct Quota: Sendable, Hashable, Identifiable {
    /// What a quota counts.
    public enum Metric: String, Sendable, Hashable, CaseIterable {
        /// Cost, in nanodollars.
        case usd
        /// Cost-weighted tokens.
        case tokens
        /// Calls.
        case requests
    }

    /// Whether a refusal is a spent budget (`budget_exceeded`), a rate limit (`rate_limited`, with the client
    /// API's rate-limit headers) or a step limit (`step_limit_exceeded`: a session or agent made its allowed
    /// number of calls).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case budget
        case rateLimit = "rate_limit"
        case stepLimit = "step_limit"
    }

    /// A stable id, such as `quota_5c1e…`, or one derived from the configuration for quotas defined there.
    public var id: String
    /// Whether this is a budget or a rate limit.
    public var kind: Kind
    /// Whom it applies to.
    public var scope: QuotaScope
    /// What it counts.
    public var metric: Metric
    /// The cap, in the metric's unit: nanodollars, cost-weighted tokens, or requests.
    public var limit: Int64
    /// The period after which the count starts again.
    public var window: QuotaWindow
    /// Percentages of the limit whose crossing raises an alert, once per window; empty for none.
    public var alertThresholds: [Int]

    /// Creates a quota.
    public init(
        id: String,
        kind: Kind,
        scope: QuotaScope,
        metric: Metric,
        limit: Int64,
        window: QuotaWindow,
        alertThresholds: [Int] = []
    ) {
        self.id = id
        self.kind = kind
        self.scope = scope
        self.metric = metric
        self.limit = limit
        self.window = window
        self.alertThresholds = alertThresholds
    }

    /// The limit in words, such as `$25.000000000` or `10000 tokens`.
    public func describe(amount: Int64) -> String {
        switch metric {
        case .usd: "$\(Money(nanodollars: amount))"
        case .tokens: "\(amount) tokens"
        case .requests: "\(amount) requests"
        }
    }
}
