import SwitchyardCore
import Testing

extension QuotaStoreConformance {
    static func insertListDelete(_ store: any QuotaStore) async throws {
        #expect(try await store.quotas().isEmpty)

        let budget = Quota(
            id: "quota_budget",
            kind: .budget,
            scope: QuotaScope(.tenant, "acme/research"),
            metric: .usd,
            limit: 25_000_000_000,
            window: .month,
            alertThresholds: [50, 80, 100]
        )
        let perUser = Quota(
            id: "quota_per_user",
            kind: .rateLimit,
            scope: QuotaScope(.user),
            metric: .requests,
            limit: 60,
            window: .minute
        )
        let global = Quota(
            id: "quota_global",
            kind: .rateLimit,
            scope: QuotaScope(.global),
            metric: .tokens,
            limit: Int64.max,
            window: .total,
            alertThresholds: [90]
        )
        let deployment = Quota(
            id: "quota_deployment",
            kind: .rateLimit,
            scope: QuotaScope(.deployment, "openai/gpt-4o:2024"),
            metric: .tokens,
            limit: 0,
            window: .day
        )
        // Inserted out of id order: the list keeps insertion order.
        for quota in [perUser, budget, global, deployment] {
            try await store.insertQuota(quota)
        }
        #expect(try await store.quotas() == [perUser, budget, global, deployment])

        var duplicate = budget
        duplicate.limit = 1
        let error = await #expect(throws: SwitchyardError.self) {
            try await store.insertQuota(duplicate)
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains(budget.id) == true)
        #expect(try await store.quotas() == [perUser, budget, global, deployment])

        #expect(try await store.deleteQuota(id: budget.id))
        #expect(try await store.deleteQuota(id: budget.id) == false)
        #expect(try await store.deleteQuota(id: "quota_unknown") == false)
        #expect(try await store.quotas() == [perUser, global, deployment])

        // A deleted id may be used again; the new quota comes last.
        try await store.insertQuota(duplicate)
        #expect(try await store.quotas() == [perUser, global, deployment, duplicate])
    }

    static func leaseGrants(_ store: any QuotaStore) async throws {
        let id = counter()
        #expect(try await store.counter(id) == nil)

        #expect(try await store.lease(id, limit: 100, amount: 30, minimum: 1) == 30)
        #expect(try await store.counter(id) == QuotaCounterState(limit: 100, leased: 30, consumed: 0))

        // Only 70 are left: the grant is cut to them.
        #expect(try await store.lease(id, limit: 100, amount: 80, minimum: 1) == 70)
        #expect(try await store.lease(id, limit: 100, amount: 10, minimum: 1) == 0)
        #expect(try await store.counter(id) == QuotaCounterState(limit: 100, leased: 100, consumed: 0))

        try await store.release(id, amount: 20)
        // 20 are left: a minimum above them gets nothing and changes nothing; a minimum they meet gets them all.
        #expect(try await store.lease(id, limit: 100, amount: 30, minimum: 25) == 0)
        #expect(try await store.counter(id) == QuotaCounterState(limit: 100, leased: 80, consumed: 0))
        #expect(try await store.lease(id, limit: 100, amount: 30, minimum: 20) == 20)
        #expect(try await store.counter(id) == QuotaCounterState(limit: 100, leased: 100, consumed: 0))

        // Asking for nothing grants nothing.
        let other = counter("quota_other")
        #expect(try await store.lease(other, limit: 100, amount: 0, minimum: 0) == 0)
        #expect(try await store.counter(other) == QuotaCounterState(limit: 100, leased: 0, consumed: 0))
    }

    static func leaseUpdatesLimit(_ store: any QuotaStore) async throws {
        let id = counter()
        #expect(try await store.lease(id, limit: 100, amount: 60, minimum: 1) == 60)

        // Lowered below what is leased: nothing is granted, and the new limit is stored.
        #expect(try await store.lease(id, limit: 50, amount: 10, minimum: 1) == 0)
        #expect(try await store.counter(id) == QuotaCounterState(limit: 50, leased: 60, consumed: 0))

        // Raised: the new room is granted.
        #expect(try await store.lease(id, limit: 200, amount: 500, minimum: 1) == 140)
        #expect(try await store.counter(id) == QuotaCounterState(limit: 200, leased: 200, consumed: 0))

        // A refused first lease still creates the counter with its limit.
        let refused = counter("quota_refused")
        #expect(try await store.lease(refused, limit: 5, amount: 10, minimum: 6) == 0)
        #expect(try await store.counter(refused) == QuotaCounterState(limit: 5, leased: 0, consumed: 0))
    }

    static func countersAreSeparate(_ store: any QuotaStore) async throws {
        let current = counter(windowStart: 1_749_988_800_000)
        let next = counter(windowStart: 1_749_988_860_000)
        let total = counter(windowStart: 0)
        let otherName = counter("quota_test@user:alice", windowStart: 1_749_988_800_000)

        #expect(try await store.lease(current, limit: 10, amount: 10, minimum: 1) == 10)
        #expect(try await store.lease(current, limit: 10, amount: 1, minimum: 1) == 0)
        #expect(try await store.lease(next, limit: 10, amount: 4, minimum: 1) == 4)
        #expect(try await store.lease(total, limit: 10, amount: 7, minimum: 1) == 7)
        #expect(try await store.lease(otherName, limit: 10, amount: 9, minimum: 1) == 9)

        #expect(try await store.counter(current) == QuotaCounterState(limit: 10, leased: 10, consumed: 0))
        #expect(try await store.counter(next) == QuotaCounterState(limit: 10, leased: 4, consumed: 0))
        #expect(try await store.counter(total) == QuotaCounterState(limit: 10, leased: 7, consumed: 0))
        #expect(try await store.counter(otherName) == QuotaCounterState(limit: 10, leased: 9, consumed: 0))
        #expect(try await store.counter(counter("quota_test@user")) == nil)
    }

    static func overdraw(_ store: any QuotaStore) async throws {
        let id = counter()
        #expect(try await store.lease(id, limit: 100, amount: 100, minimum: 1) == 100)
        try await store.overdraw(id, limit: 100, amount: 25)
        #expect(try await store.counter(id) == QuotaCounterState(limit: 100, leased: 125, consumed: 0))
        #expect(try await store.lease(id, limit: 100, amount: 1, minimum: 1) == 0)

        // An overdraft on a new counter creates it, past its limit.
        let fresh = counter("quota_fresh")
        try await store.overdraw(fresh, limit: 10, amount: 15)
        #expect(try await store.counter(fresh) == QuotaCounterState(limit: 10, leased: 15, consumed: 0))
        #expect(try await store.lease(fresh, limit: 10, amount: 1, minimum: 1) == 0)

        // Giving back the overdraft makes room again.
        try await store.release(fresh, amount: 8)
        #expect(try await store.lease(fresh, limit: 10, amount: 5, minimum: 1) == 3)
    }

    static func release(_ store: any QuotaStore) async throws {
        let id = counter()
        #expect(try await store.lease(id, limit: 100, amount: 40, minimum: 1) == 40)
        try await store.release(id, amount: 15)
        #expect(try await store.counter(id) == QuotaCounterState(limit: 100, leased: 25, consumed: 0))
        #expect(try await store.lease(id, limit: 100, amount: 100, minimum: 1) == 75)

        try await store.release(id, amount: 1_000)
        #expect(try await store.counter(id) == QuotaCounterState(limit: 100, leased: 0, consumed: 0))

        let missing = counter("quota_missing")
        try await store.release(missing, amount: 5)
        #expect(try await store.counter(missing) == nil)
    }

    static func recordConsumption(_ store: any QuotaStore) async throws {
        #expect(try await store.recordConsumption([:]).isEmpty)

        let leased = counter("quota_leased")
        let fresh = counter("quota_fresh")
        #expect(try await store.lease(leased, limit: 1_000, amount: 300, minimum: 1) == 300)

        let first = try await store.recordConsumption([
            leased: QuotaConsumption(limit: 1_000, amount: 120),
            fresh: QuotaConsumption(limit: 50, amount: 7),
        ])
        #expect(first == [
            leased: QuotaCounterState(limit: 1_000, leased: 300, consumed: 120),
            fresh: QuotaCounterState(limit: 50, leased: 0, consumed: 7),
        ])

        let second = try await store.recordConsumption([leased: QuotaConsumption(limit: 1_000, amount: 5_000_000_000_000)])
        #expect(second == [leased: QuotaCounterState(limit: 1_000, leased: 300, consumed: 5_000_000_000_120)])
        #expect(try await store.counter(leased) == QuotaCounterState(limit: 1_000, leased: 300, consumed: 5_000_000_000_120))
        #expect(try await store.counter(fresh) == QuotaCounterState(limit: 50, leased: 0, consumed: 7))

        // Consumption does not use up leasable room: that is what leases are for.
        #expect(try await store.lease(fresh, limit: 50, amount: 50, minimum: 1) == 50)
    }

    static func claimAlert(_ store: any QuotaStore) async throws {
        let id = counter()
        #expect(try await store.claimAlert(id, percent: 80))
        #expect(try await store.claimAlert(id, percent: 80) == false)
        #expect(try await store.claimAlert(id, percent: 80) == false)
        #expect(try await store.claimAlert(id, percent: 100))
        #expect(try await store.claimAlert(counter(windowStart: 0), percent: 80))
        #expect(try await store.claimAlert(counter("quota_other"), percent: 80))
        #expect(try await store.claimAlert(id, percent: 100) == false)
        // Claiming an alert creates no counter.
        #expect(try await store.counter(id) == nil)
    }

    static func concurrentLeases(_ store: any QuotaStore) async throws {
        let id = counter()
        let grants = try await withThrowingTaskGroup(of: Int64.self) { group in
            for _ in 0..<40 {
                group.addTask { try await store.lease(id, limit: 50, amount: 3, minimum: 3) }
            }
            var grants: [Int64] = []
            for try await grant in group {
                grants.append(grant)
            }
            return grants
        }
        #expect(grants.reduce(0, +) == 48)
        #expect(grants.allSatisfy { $0 == 0 || $0 == 3 })
        #expect(grants.count { $0 == 3 } == 16)
        #expect(try await store.counter(id) == QuotaCounterState(limit: 50, leased: 48, consumed: 0))

        let claims = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<10 {
                group.addTask { try await store.claimAlert(id, percent: 90) }
            }
            var claims: [Bool] = []
            for try await claim in group {
                claims.append(claim)
            }
            return claims
        }
        #expect(claims.count { $0 } == 1)
    }
}
