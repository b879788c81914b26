import Foundation
import SwitchyardCore
import SwitchyardStorage
import SwitchyardConformance
import Testing

@Suite("KeyStore conformance")
struct KeyStoreConformanceTests {
    /// Every store the suite runs against.
    enum Implementation: String, CaseIterable, CustomStringConvertible {
        case inMemory
        case sqliteInMemory
        case sqliteFile

        var description: String { rawValue }

        /// Opens an empty store of this kind for the length of `body`.
        func withEmptyStore(_ body: (any KeyStore) async throws -> Void) async throws {
            switch self {
            case .inMemory:
                try await body(InMemoryStore())
            case .sqliteInMemory:
                try await SQLiteStore.withStore(
                    configuration: .init(location: .inMemory, queryLogLevel: nil),
                    logger: quietLogger
                ) { store in
                    try await body(store)
                }
            case .sqliteFile:
                try await withTemporaryDirectory { directory in
                    try await SQLiteStore.withStore(configuration: .file(in: directory), logger: quietLogger) { store in
                        try await body(store)
                    }
                }
            }
        }
    }

    @Test(arguments: Implementation.allCases, KeyStoreConformance.Check.allCases)
    func conformance(_ implementation: Implementation, _ check: KeyStoreConformance.Check) async throws {
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
