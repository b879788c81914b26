import SwitchyardCore
import Testing

/// The pure rules of `Quota+Validation.swift` (Core), exercised directly.
@Suite("Quota validation")
struct QuotaValidationTests {
    static func quota(
        _ kind: Quota.Kind = .budget,
        scope: QuotaScope = QuotaScope(.tenant, "research"),
        metric: Quota.Metric = .usd,
        limit: Int64 = 1_000_000_000,
        window: QuotaWindow = .month,
        thresholds: [Int] = []
    ) -> Quota {
        Quota(id: "quota_test", kind: kind, scope: scope, metric: metric, limit: limit, window: window, alertThresholds: thresholds)
    }

    @Test("Dollar limits parse exactly, up to nine decimals")
    func dollars() throws {
        #expect(try Quota.parseLimit("12.50", metric: .usd, field: "limit") == 12_500_000_000)
        #expect(try Quota.parseLimit("0.000000001", metric: .usd, field: "limit") == 1)
        #expect(try Quota.parseLimit("10000000", metric: .usd, field: "limit") == Quota.maximumUSD)
        #expect(try Quota.parseLimit("7", metric: .tokens, field: "limit") == 7)
    }

    @Test("Bad limits are refused with a message naming the field and the rule", arguments: [
        ("-5", Quota.Metric.usd, "greater than zero"),
        ("0", .usd, "greater than zero"),
        ("0.000", .usd, "greater than zero"),
        ("NaN", .usd, "decimal dollar amount"),
        ("inf", .usd, "decimal dollar amount"),
        ("1e3", .usd, "decimal dollar amount"),
        ("", .usd, "decimal dollar amount"),
        ("1.0000000001", .usd, "10 decimal places"),
        ("10000000.000000001", .usd, "maximum"),
        ("99999999999999999999", .usd, "maximum"),
        ("1.5", .tokens, "whole number"),
        ("-1", .requests, "greater than zero"),
        ("10000000000001", .tokens, "10^13"),
        ("1000000001", .requests, "10^9"),
        ("99999999999999999999", .requests, "maximum"),
    ])
    func badLimits(text: String, metric: Quota.Metric, mentions: String) {
        #expect {
            try Quota.parseLimit(text, metric: metric, field: "budget_usd")
        } throws: { error in
            let message = (error as? SwitchyardError)?.message ?? ""
            return (error as? SwitchyardError)?.code == .invalidRequest && message.contains("budget_usd") && message.contains(mentions)
        }
    }

    @Test("Valid quotas pass")
    func valid() throws {
        try Self.quota().validate()
        try Self.quota(metric: .tokens, limit: Quota.maximumTokens, window: .total, thresholds: [1, 50, 100]).validate()
        try Self.quota(.rateLimit, metric: .requests, limit: 60, window: .minute).validate()
        try Self.quota(.rateLimit, scope: QuotaScope(.deployment, "openai/gpt-4o"), metric: .tokens, limit: 90_000, window: .day).validate()
        try Self.quota(scope: QuotaScope(.user)).validate()
    }

    @Test("Quotas that cannot be enforced as written are refused", arguments: [
        (QuotaValidationTests.quota(limit: 0), "limit"),
        (QuotaValidationTests.quota(limit: -1), "limit"),
        (QuotaValidationTests.quota(limit: Quota.maximumUSD + 1), "limit"),
        (QuotaValidationTests.quota(metric: .requests, limit: 5), "rate_limit"),
        (QuotaValidationTests.quota(.rateLimit, metric: .usd, limit: 5, window: .minute), "budget"),
        (QuotaValidationTests.quota(.rateLimit, metric: .requests, limit: 5, window: .hour), "`minute` or `day`"),
        (QuotaValidationTests.quota(.rateLimit, metric: .tokens, limit: 5, window: .total), "`minute` or `day`"),
        (QuotaValidationTests.quota(scope: QuotaScope(.deployment, "openai/gpt-4o")), "deployment"),
        (QuotaValidationTests.quota(thresholds: [0]), "1 to 100"),
        (QuotaValidationTests.quota(thresholds: [101]), "1 to 100"),
        (QuotaValidationTests.quota(thresholds: [75, 75]), "twice"),
    ])
    func invalid(quota: Quota, mentions: String) {
        #expect {
            try quota.validate()
        } throws: { error in
            (error as? SwitchyardError)?.message.contains(mentions) == true
        }
    }

    @Test("Scopes parse, and an unknown kind lists the valid ones")
    func scopes() throws {
        #expect(try QuotaScope(validating: "key:key_3f") == QuotaScope(.key, "key_3f"))
        #expect(try QuotaScope(validating: "user:*") == QuotaScope(.user))
        #expect(try QuotaScope(validating: "global") == QuotaScope(.global))
        for text in ["team:x", "tenant:", "global:x", "", "tenant"] {
            #expect {
                try QuotaScope(validating: text)
            } throws: { error in
                let message = (error as? SwitchyardError)?.message ?? ""
                return message.contains("tenant, key, agent, user, session, deployment") && message.contains("`scope`")
            }
        }
    }
}
