import SwitchyardConformance
import Testing

@Suite("QuotaStore conformance")
struct QuotaStoreConformanceTests {
    @Test(arguments: StoreImplementation.allCases, QuotaStoreConformance.Check.allCases)
    func conformance(_ implementation: StoreImplementation, _ check: QuotaStoreConformance.Check) async throws {
        try await implementation.withEmptyStore { store in
            try await check.run(on: store)
        }
    }
}

@Suite("LedgerStore conformance")
struct LedgerStoreConformanceTests {
    @Test(arguments: StoreImplementation.allCases, LedgerStoreConformance.Check.allCases)
    func conformance(_ implementation: StoreImplementation, _ check: LedgerStoreConformance.Check) async throws {
        try await implementation.withEmptyStore { store in
            try await check.run(on: store)
        }
    }
}

@Suite("RequestLogStore conformance")
struct RequestLogStoreConformanceTests {
    @Test(arguments: StoreImplementation.allCases, RequestLogStoreConformance.Check.allCases)
    func conformance(_ implementation: StoreImplementation, _ check: RequestLogStoreConformance.Check) async throws {
        try await implementation.withEmptyStore { store in
            try await check.run(on: store)
        }
    }
}
