import Foundation
import SwitchyardCore

/// A quota's consumption crossed one of its alert thresholds in the current window. Raised once per window and
/// threshold across every replica.
public struct QuotaAlert: Sendable, Hashable {
    /// The quota.
    public var quota: Quota
    /// The scope as the caller reads it, such as `key:ci-bot/day`.
    public var scope: String
    /// The threshold crossed, in percent of the limit.
    public var percent: Int
    /// What the window has consumed, in the quota's unit.
    public var consumed: Int64
    /// When the window began; `nil` for a `total` window.
    public var windowStart: Date?
    /// When the window ends; `nil` for a `total` window.
    public var windowEnd: Date?

    /// Creates an alert.
    public init(quota: Quota, scope: String, percent: Int, consumed: Int64, windowStart: Date?, windowEnd: Date?) {
        self.quota = quota
        self.scope = scope
        self.percent = percent
        self.consumed = consumed
        self.windowStart = windowStart
        self.windowEnd = windowEnd
    }

    /// The alert in words, for the log.
    public var summary: String {
        "\(quota.kind.rawValue) \(quota.id) for \(scope) crossed \(percent)%: \(quota.describe(amount: consumed)) of "
            + "\(quota.describe(amount: quota.limit)) used \(quota.window.phrase)"
    }

    /// The webhook body: `{"type": "quota.threshold_crossed", …}` with amounts in the quota's unit (dollars as
    /// decimal strings).
    public var webhookJSON: JSONValue {
        func amount(_ value: Int64) -> JSONValue {
            quota.metric == .usd ? .string(Money(nanodollars: value).description) : .int(value)
        }
        var body: [String: JSONValue] = [
            "type": .string("quota.threshold_crossed"),
            "quota_id": .string(quota.id),
            "kind": .string(quota.kind.rawValue),
            "scope": .string(scope),
            "metric": .string(quota.metric.rawValue),
            "window": .string(quota.window.rawValue),
            "percent": .int(Int64(percent)),
            "limit": amount(quota.limit),
            "consumed": amount(consumed),
            "message": .string(summary),
        ]
        body["window_start"] = windowStart.map { .string($0.formatted(.iso8601)) } ?? .null
        body["window_end"] = windowEnd.map { .string($0.formatted(.iso8601)) } ?? .null
        return .object(body)
    }
}
