import SwitchyardCore
import SwitchyardConformance
import SwitchyardStorage
import Testing

@Suite(
    "PostgreSQL conformance",
    .serialized,
    .enabled(if: PostgresTestDatabase.url != nil, PostgresTestDatabase.skipReason)
)
struct PostgresConformanceTests {
    /// Opens a store on a new, empty database for the length of `body`.
    private func withEmptyStore(_ body: (PostgresStore) async throws -> Void) async throws {
        try await PostgresTestDatabase.withEmptyDatabase { configuration in
            try await PostgresStore.withStore(configuration: configuration, logger: quietLogger) { store in
                try await body(store)
            }
        }
    }

    @Test(arguments: KeyStoreConformance.Check.allCases)
    func keyStore(_ check: KeyStoreConformance.Check) async throws {
        try await withEmptyStore { store in try await check.run(on: store) }
    }

    @Test(arguments: QuotaStoreConformance.Check.allCases)
    func quotaStore(_ check: QuotaStoreConformance.Check) async throws {
        try await withEmptyStore { store in try await check.run(on: store) }
    }

    @Test(arguments: LedgerStoreConformance.Check.allCases)
    func ledgerStore(_ check: LedgerStoreConformance.Check) async throws {
        try await withEmptyStore { store in try await check.run(on: store) }
    }

    @Test(arguments: RequestLogStoreConformance.Check.allCases)
    func requestLogStore(_ check: RequestLogStoreConformance.Check) async throws {
        try await withEmptyStore { store in try await check.run(on: store) }
    }
}

@Suite(
    "PostgresStore",
    .serialized,
    .enabled(if: PostgresTestDatabase.url != nil, PostgresTestDatabase.skipReason)
)
struct PostgresStoreTests {
    @Test func threeReplicasOpeningAtOnceMigrateOnceAndNeverLeasePastTheLimit() async throws {
        try await PostgresTestDatabase.withEmptyDatabase { configuration in
            let counter = QuotaCounterID(name: "quota_shared", windowStart: 0)
            // Three replicas start together on a new database, then each races 20 leases of 3 against a limit of 100.
            let results = try await withThrowingTaskGroup(of: (schemaVersion: Int, granted: Int64).self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await PostgresStore.withStore(configuration: configuration, logger: quietLogger) { store in
                            let granted = try await withThrowingTaskGroup(of: Int64.self) { leases in
                                for _ in 0..<20 {
                                    leases.addTask { try await store.lease(counter, limit: 100, amount: 3, minimum: 3) }
                                }
                                return try await leases.reduce(0, +)
                            }
                            return (store.schemaVersion, granted)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.map(\.schemaVersion) == [3, 3, 3])
            #expect(results.map(\.granted).reduce(0, +) == 99)

            try await PostgresStore.withStore(configuration: configuration, logger: quietLogger) { store in
                #expect(try await store.counter(counter) == QuotaCounterState(limit: 100, leased: 99, consumed: 0))
                try await store.checkHealth()
            }
        }
    }

    @Test func aDuplicateQuotaIsRefusedAcrossReplicas() async throws {
        try await PostgresTestDatabase.withEmptyDatabase { configuration in
            let quota = Quota(id: "quota_1", kind: .budget, scope: QuotaScope(.global), metric: .usd, limit: 10, window: .day)
            try await PostgresStore.withStore(configuration: configuration, logger: quietLogger) { first in
                try await PostgresStore.withStore(configuration: configuration, logger: quietLogger) { second in
                    try await first.insertQuota(quota)
                    let error = await #expect(throws: SwitchyardError.self) { try await second.insertQuota(quota) }
                    #expect(error?.code == .invalidRequest)
                    #expect(try await second.quotas() == [quota])
                }
            }
        }
    }

    @Test func anUnreachableServerFailsWithAStoreError() async throws {
        var configuration = try PostgresStore.Configuration(url: "postgres://nobody:secret@127.0.0.1:1/none?sslmode=disable")
        configuration.connectTimeout = .seconds(2)
        let error = await #expect(throws: SwitchyardError.self) {
            try await PostgresStore.withStore(configuration: configuration, logger: quietLogger) { _ in }
        }
        #expect(error?.code == .internalError)
        #expect(error?.message.contains("127.0.0.1:1") == true)
        #expect(error?.message.contains("secret") == false)
    }
}
