import Logging
import SwitchyardCore
import SwitchyardServer
import SwitchyardStorage

/// Opens the store a configuration names, for the length of a closure.
enum StoreOpener {
    /// Runs `body` with the store at `storage.url` — SQLite or PostgreSQL, by the URL's scheme — closing it
    /// afterwards.
    static func withStore<Result: Sendable>(
        _ storage: SwitchyardConfiguration.Storage,
        logger: Logger,
        _ body: (any SwitchyardStore) async throws -> Result
    ) async throws -> Result {
        var configuration = try StoreConfiguration(url: storage.url)
        if case .sqlite(var sqlite) = configuration {
            sqlite.synchronous = storage.sqliteSynchronous
            sqlite.requestLogPath = storage.sqliteRequestLogPath
            configuration = .sqlite(sqlite)
        }
        return try await configuration.withStore(logger: logger, body)
    }
}
