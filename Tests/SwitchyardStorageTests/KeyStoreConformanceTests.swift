import Foundation
import SwitchyardCore
import SwitchyardStorage
import SwitchyardConformance
import Testing

@Suite("KeyStore conformance")
struct KeyStoreConformanceTests {
    @Test(arguments: StoreImplementation.allCases, KeyStoreConformance.Check.allCases)
    func conformance(_ implementation: StoreImplementation, _ check: KeyStoreConformance.Check) async throws {
        try await implementation.withEmptyStore { store in
            try await check.run(on: store)
        }
    }

    @Test("A reopened SQLite file holds exactly what each check left", arguments: KeyStoreConformance.Check.allCases)
    func sqliteFilePersists(_ check: KeyStoreConformance.Check) async throws {
        try await withTemporaryDirectory { directory in
            let configuration = SQLiteStore.Configuration.file(in: directory)
            let written = try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store in
                try await check.run(on: store)
                return try await store.allKeys()
            }
            let reopened = try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store in
                try await store.allKeys()
            }
            #expect(!written.isEmpty)
            #expect(reopened == written)
        }
    }

    @Test func runAllRunsEveryCheckOnAFreshStore() async throws {
        var opened = 0
        try await KeyStoreConformance.runAll { body in
            opened += 1
            try await body(InMemoryStore())
        }
        #expect(opened == KeyStoreConformance.Check.allCases.count)
    }
}
