import Foundation
import Logging
import MetricsTestKit
import SwitchyardCore
import SwitchyardStorage
import Testing

@testable import SwitchyardEngine

/// Admission, settlement and alerts of the quota enforcer, with replicas sharing one in-memory store.
@Suite("Quota enforcement")
struct QuotaEnforcerTests {
    /// $1 per million tokens of every kind: a token costs 1,000 nanodollars.
    static let price = ModelPrice(input: Money(decimalDollars: "1")!, output: Money(decimalDollars: "1")!)
    static let noon = try! Date("2026-11-23T12:00:00Z", strategy: .iso8601)

    static func enforcer(_ store: InMemoryStore, _ quotas: [Quota], metrics: TestMetrics = TestMetrics(), configure: (inout QuotaSettings) -> Void = { _ in })
        -> QuotaEnforcer
    {
        var settings = QuotaSettings()
        configure(&settings)
        return QuotaEnforcer(
            store: store,
            configuredQuotas: quotas,
            settings: settings,
            transport: nil,
            metricsFactory: metrics,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
    }

    static func charge(tokens: Int) -> CallCharge {
        CallCharge(usage: Usage(inputTokens: tokens), price: price, outputWeight: 1)
    }

    /// Admits and settles one call that costs `tokens` × 1,000 nanodollars.
    static func spend(_ enforcer: QuotaEnforcer, tokens: Int, at now: Date = noon, principal: Principal = .anonymous) async throws {
        let bindings = try await enforcer.bindings(for: principal, now: now)
        let holds = try await enforcer.admit(bindings, charge: charge(tokens: tokens), now: now)
        enforcer.settle(holds, charge: charge(tokens: tokens))
    }

    static func alerts(_ metrics: TestMetrics, percent: Int) -> Int64 {
        metrics.counters(label: "switchyard_quota_alerts_total").filter { counter in
            counter.dimensions.contains { $0 == "percent" && $1 == String(percent) }
        }.reduce(0) { $0 + $1.totalValue }
    }

    static let dailyBudget = Quota(id: "q-day", kind: .budget, scope: QuotaScope(.global), metric: .usd, limit: 100_000, window: .day)

    @Test("Each threshold alerts once per window, across two replicas, and again in the next window")
    func alertsOnce() async throws {
        let store = InMemoryStore()
        let metrics = TestMetrics()
        // Replicas that give back what they hold at every sync, so each can spend up to the limit.
        let first = Self.enforcer(store, [Self.dailyBudget], metrics: metrics) { $0.idleRelease = .zero }
        let second = Self.enforcer(store, [Self.dailyBudget], metrics: metrics) { $0.idleRelease = .zero }

        try await Self.spend(first, tokens: 40)
        try await Self.spend(second, tokens: 40)
        await first.synchronize(now: Self.noon)
        await second.synchronize(now: Self.noon)
        #expect(Self.alerts(metrics, percent: 75) == 1)
        #expect(Self.alerts(metrics, percent: 90) == 0)

        try await Self.spend(first, tokens: 11)
        await first.synchronize(now: Self.noon)
        await second.synchronize(now: Self.noon)
        #expect(Self.alerts(metrics, percent: 75) == 1)
        #expect(Self.alerts(metrics, percent: 90) == 1)

        // Two thresholds crossed by one call each fire once; nothing fires twice on later syncs.
        try await Self.spend(second, tokens: 9)
        await second.synchronize(now: Self.noon)
        await first.synchronize(now: Self.noon)
        #expect(Self.alerts(metrics, percent: 95) == 1)
        #expect(Self.alerts(metrics, percent: 90) == 1)

        let tomorrow = Self.noon.addingTimeInterval(86_400)
        try await Self.spend(first, tokens: 80, at: tomorrow)
        await first.synchronize(now: tomorrow)
        #expect(Self.alerts(metrics, percent: 75) == 2)
    }

    @Test("A call whose worst case does not fit is refused with the budget, its limit, what is used and the reset")
    func refusal() async throws {
        let store = InMemoryStore()
        let enforcer = Self.enforcer(store, [Self.dailyBudget])
        let bindings = try await enforcer.bindings(for: .anonymous, now: Self.noon)
        let held = try await enforcer.admit(bindings, charge: Self.charge(tokens: 60), now: Self.noon)
        await #expect {
            _ = try await enforcer.admit(bindings, charge: Self.charge(tokens: 60), now: Self.noon)
        } throws: { error in
            guard let error = error as? SwitchyardError else { return false }
            return error.code == .budgetExceeded && error.stage == .budget && error.scope == "global/day"
                && error.message.contains("$0.000100000") && error.message.contains("2026-11-24T00:00:00Z")
                && error.retryAfter == .seconds(12 * 3600)
        }
        // Releasing the first call's hold lets the second in.
        enforcer.release(held)
        _ = try await enforcer.admit(bindings, charge: Self.charge(tokens: 60), now: Self.noon)
    }

    @Test("Replicas racing for a shared limit never jointly admit more than it")
    func sharedLimit() async throws {
        let store = InMemoryStore()
        let limit = Quota(id: "rpd", kind: .rateLimit, scope: QuotaScope(.global), metric: .requests, limit: 10, window: .day)
        let replicas = (0..<3).map { _ in Self.enforcer(store, [limit]) }
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<60 {
                group.addTask {
                    (try? await Self.spend(replicas[index % 3], tokens: 1)) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 10)
    }

    @Test("Calls short of an allotment at the same moment are all admitted while the limit has room")
    func concurrentShortfalls() async throws {
        // Each call short of the local allotment used to lease its own 1/20 share of what was left; twenty such
        // leases in flight at once took the whole limit between them, and the calls after them were refused
        // ("0 requests of 100000000 used") while this replica held it all.
        let limit = Quota(id: "rpm", kind: .rateLimit, scope: QuotaScope(.global), metric: .requests, limit: 100_000_000, window: .minute)
        let enforcer = QuotaEnforcer(
            store: SlowLeaseStore(),
            configuredQuotas: [limit],
            settings: QuotaSettings(),
            transport: nil,
            metricsFactory: TestMetrics(),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        let admitted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<200 {
                group.addTask {
                    (try? await Self.spend(enforcer, tokens: 1)) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(admitted == 200)
    }

    @Test("What a call does not use returns to the allotment; what it uses beyond its hold is overdrawn in the store")
    func settlement() async throws {
        let store = InMemoryStore()
        let budget = Quota(id: "tokens", kind: .budget, scope: QuotaScope(.global), metric: .tokens, limit: 1_000, window: .total)
        let enforcer = Self.enforcer(store, [budget]) { $0.leaseDivisor = 1_000 }
        let bindings = try await enforcer.bindings(for: .anonymous, now: Self.noon)
        let counter = bindings[0].counter

        let holds = try await enforcer.admit(bindings, charge: Self.charge(tokens: 100), now: Self.noon)
        enforcer.settle(holds, charge: Self.charge(tokens: 30))
        await enforcer.synchronize(now: Self.noon)
        #expect(try await store.counter(counter)?.consumed == 30)

        // 70 units are free locally: a 150-token call that held 100 takes 50 from them, leaving 20.
        let more = try await enforcer.admit(bindings, charge: Self.charge(tokens: 100), now: Self.noon)
        enforcer.settle(more, charge: Self.charge(tokens: 150))
        await enforcer.synchronize(now: Self.noon)
        let figures = try #require(try await store.counter(counter))
        #expect(figures.consumed == 180)
        #expect(figures.leased >= figures.consumed)
    }

    @Test("A call that costs more than every unit leased is charged in full, past the limit")
    func overdraft() async throws {
        let store = InMemoryStore()
        let budget = Quota(id: "tokens", kind: .budget, scope: QuotaScope(.global), metric: .tokens, limit: 100, window: .total)
        let enforcer = Self.enforcer(store, [budget]) { $0.leaseDivisor = 1 }
        let bindings = try await enforcer.bindings(for: .anonymous, now: Self.noon)
        let holds = try await enforcer.admit(bindings, charge: Self.charge(tokens: 100), now: Self.noon)
        enforcer.settle(holds, charge: Self.charge(tokens: 130))
        await enforcer.synchronize(now: Self.noon)
        let figures = try #require(try await store.counter(bindings[0].counter))
        #expect(figures.consumed == 130)
        #expect(figures.leased == 130)
        await #expect(throws: SwitchyardError.self) {
            _ = try await enforcer.admit(bindings, charge: Self.charge(tokens: 1), now: Self.noon)
        }
    }

    @Test("An allotment left idle goes back to the store for other replicas")
    func idleRelease() async throws {
        let store = InMemoryStore()
        let budget = Quota(id: "tokens", kind: .budget, scope: QuotaScope(.global), metric: .tokens, limit: 1_000, window: .total)
        let idle = Self.enforcer(store, [budget]) { $0.idleRelease = .zero }
        let busy = Self.enforcer(store, [budget])
        try await Self.spend(idle, tokens: 10)
        await idle.synchronize(now: Self.noon)
        let bindings = try await busy.bindings(for: .anonymous, now: Self.noon)
        #expect(try await store.counter(bindings[0].counter)?.leased == 10)
        // The other replica can now have everything that is left.
        _ = try await busy.admit(bindings, charge: Self.charge(tokens: 990), now: Self.noon)
    }

    @Test("Rate limits report what is left and when the window resets")
    func rateLimitStatus() async throws {
        let store = InMemoryStore()
        let limit = Quota(id: "rpm", kind: .rateLimit, scope: QuotaScope(.global), metric: .requests, limit: 5, window: .minute)
        let enforcer = Self.enforcer(store, [limit])
        try await Self.spend(enforcer, tokens: 1)
        try await Self.spend(enforcer, tokens: 1)
        let bindings = try await enforcer.bindings(for: .anonymous, now: Self.noon)
        let status = try #require(enforcer.rateLimitStatuses(bindings).first)
        #expect(status.limit == 5)
        #expect(status.remaining == 3)
        #expect(status.resetsAt == Self.noon.addingTimeInterval(60))
    }
}

/// An in-memory store whose leases take a few milliseconds, as a database's do: calls short at the same moment then
/// have their leases in flight together.
private struct SlowLeaseStore: QuotaStore {
    let base = InMemoryStore()

    func insertQuota(_ quota: Quota) async throws { try await base.insertQuota(quota) }
    func quotas() async throws -> [Quota] { try await base.quotas() }
    func deleteQuota(id: String) async throws -> Bool { try await base.deleteQuota(id: id) }
    func lease(_ counter: QuotaCounterID, limit: Int64, amount: Int64, minimum: Int64) async throws -> Int64 {
        try await Task.sleep(for: .milliseconds(5))
        return try await base.lease(counter, limit: limit, amount: amount, minimum: minimum)
    }
    func overdraw(_ counter: QuotaCounterID, limit: Int64, amount: Int64) async throws {
        try await base.overdraw(counter, limit: limit, amount: amount)
    }
    func release(_ counter: QuotaCounterID, amount: Int64) async throws { try await base.release(counter, amount: amount) }
    func recordConsumption(_ amounts: [QuotaCounterID: QuotaConsumption]) async throws -> [QuotaCounterID: QuotaCounterState] {
        try await base.recordConsumption(amounts)
    }
    func counter(_ id: QuotaCounterID) async throws -> QuotaCounterState? { try await base.counter(id) }
    func claimAlert(_ counter: QuotaCounterID, percent: Int) async throws -> Bool { try await base.claimAlert(counter, percent: percent) }
}
