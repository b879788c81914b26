import Foundation
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import Testing

@Suite("Configuration files: quotas")
struct QuotaConfigurationTests {
    @Test("Budgets, rate limits, runaway limits and quota settings parse into quotas with stable ids")
    func parses() throws {
        let yaml = """
            storage: { url: "postgres://switchyard:secret@127.0.0.1:5432/switchyard" }
            quotas:
              time_zone: Europe/Berlin
              default_max_output_tokens: 2048
              alerts: { thresholds: [50, 90], webhook: "https://hooks.example.com/x" }
            budgets:
              - { scope: "tenant:research", usd: "500", window: month }
              - { scope: "user:*", tokens: 200000, window: day, alert_thresholds: [80] }
            rate_limits:
              - { scope: "key:ci-bot", rpm: 60, tpd: 1000000 }
              - { scope: "deployment:openai/gpt-4o", rpm: 500 }
            runaway: { loop_threshold: 5, loop_window: 30s, loop_detection: all, session_max_steps: 100 }
            """
        let configuration = try ConfigurationLoader.parse(yaml, environment: [:])
        #expect(configuration.storage.url.hasPrefix("postgres://"))
        #expect(configuration.quotaSettings.timeZone.identifier == "Europe/Berlin")
        #expect(configuration.quotaSettings.defaultMaximumOutputTokens == 2048)
        #expect(configuration.quotaSettings.alertThresholds == [50, 90])
        #expect(configuration.quotaSettings.alertWebhook == "https://hooks.example.com/x")
        #expect(configuration.runaway.loopThreshold == 5)
        #expect(configuration.runaway.loopWindow == .seconds(30))
        #expect(configuration.runaway.loopDetectionCoversAllCalls)
        let quotas = configuration.quotas
        #expect(quotas.map(\.kind) == [.budget, .budget, .rateLimit, .rateLimit, .rateLimit, .stepLimit])
        #expect(quotas[0].limit == 500_000_000_000)
        #expect(quotas[0].scope == QuotaScope(.tenant, "research"))
        #expect(quotas[1].metric == .tokens && quotas[1].scope == QuotaScope(.user) && quotas[1].alertThresholds == [80])
        #expect(quotas[2].metric == .requests && quotas[2].window == .minute && quotas[2].limit == 60)
        #expect(quotas[3].metric == .tokens && quotas[3].window == .day)
        #expect(quotas[4].scope == QuotaScope(.deployment, "openai/gpt-4o"))
        #expect(quotas[5].scope == QuotaScope(.session) && quotas[5].window == .total && quotas[5].limit == 100)
        #expect(Set(quotas.map(\.id)).count == quotas.count)
        // The same line parses to the same id, so its counters survive a restart.
        #expect(try ConfigurationLoader.parse(yaml, environment: [:]).quotas.map(\.id) == quotas.map(\.id))
    }

    @Test("Negative, absurd or malformed budgets, unknown scopes and windows are reported with their key and line")
    func badInput() {
        let yaml = """
            quotas: { time_zone: Mars/Olympus, alerts: { thresholds: [75, 75], webhook: "ftp://x" } }
            budgets:
              - { scope: "team:research", usd: "5", window: day }
              - { scope: "key:ci-bot", usd: "-5", window: day }
              - { scope: "key:ci-bot", usd: "99999999999", window: day }
              - { scope: "key:ci-bot", usd: "5", tokens: 10, window: day }
              - { scope: "key:ci-bot", usd: "5", window: fortnight }
              - { scope: "deployment:openai/gpt-4o", usd: "5" }
            rate_limits:
              - { scope: "global" }
              - { scope: "global", rpm: 0 }
            """
        #expect {
            _ = try ConfigurationLoader.parse(yaml, environment: [:])
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            let keys = Set(error.issues.map(\.key))
            let expected: Set = [
                "quotas.time_zone", "quotas.alerts.thresholds", "quotas.alerts.webhook",
                "budgets[0].scope", "budgets[1].usd", "budgets[2].usd", "budgets[3]", "budgets[4].window", "budgets[5].scope",
                "rate_limits[0]", "rate_limits[1].rpm",
            ]
            return keys == expected && error.issues.allSatisfy { $0.line != nil }
        }
    }
}
