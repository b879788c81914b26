import Foundation

/// How quotas are counted and enforced (`quotas:` in the configuration).
public struct QuotaSettings: Sendable {
    /// The time zone calendar windows follow (`quotas.time_zone`, an IANA name). Default UTC.
    public var timeZone: TimeZone = TimeZone(identifier: "UTC")!
    /// The output tokens reserved for a call that sets no `max_tokens` (`quotas.default_max_output_tokens`).
    /// When a dollar or token quota applies, the call is also sent with this `max_tokens`, so the reservation is
    /// a true bound. Default 4096.
    public var defaultMaximumOutputTokens: Int = 4096
    /// How many input-token equivalents one output token counts as in token quotas (`quotas.output_token_weight`).
    /// Default 1.
    public var outputTokenWeight: Int = 1
    /// Percentages of a budget whose crossing raises an alert, for budgets that name none
    /// (`quotas.alerts.thresholds`). Default 75, 90, 95.
    public var alertThresholds: [Int] = [75, 90, 95]
    /// Where alerts are POSTed as JSON (`quotas.alerts.webhook`); `nil` for none.
    public var alertWebhook: String?
    /// A replica leases at least 1/`leaseDivisor` of a limit at a time (`quotas.lease_divisor`). Larger means
    /// fewer store round trips but more units idle on each replica. Default 20.
    public var leaseDivisor: Int = 20
    /// How often consumption is written to the store, alerts checked and allotments topped up. Default 200 ms.
    public var syncInterval: Duration = .milliseconds(200)
    /// How often quotas created through the admin API are re-read from the store. Default 2 s.
    public var refreshInterval: Duration = .seconds(2)
    /// An allotment unused this long is given back to the store for other replicas. Default 2 s.
    public var idleRelease: Duration = .seconds(2)

    /// The defaults.
    public init() {}
}
