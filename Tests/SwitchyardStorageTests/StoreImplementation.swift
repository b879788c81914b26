import Foundation
import SwitchyardCore
import SwitchyardStorage

/// Every store the conformance suites run against without a server: in memory, SQLite in memory, SQLite on file.
/// PostgreSQL has suites of its own (see `PostgresConformanceTests`), enabled when a server is configured.
enum StoreImplementation: String, CaseIterable, CustomStringConvertible {
    case inMemory
    case sqliteInMemory
    case sqliteFile

    var description: String { rawValue }

    /// Opens an empty store of this kind for the length of `body`.
    func withEmptyStore(_ body: (any SwitchyardStore) async throws -> Void) async throws {
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
