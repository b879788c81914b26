import Logging
import SwitchyardCore
import SwitchyardServer
import SwitchyardStorage

/// Opens the store a configuration names, for the length of a closure.
enum StoreOpener {
    /// Runs `body` with the store at `storage.url`, closing it afterwards.
    static func withStore<Result: Sendable>(
        _ storage: SwitchyardConfiguration.Storage,
        logger: Logger,
        _ body: (SQLiteStore) async throws -> Result
    ) async throws -> Result {
        try await SQLiteStore.withStore(configuration: try SQLiteStore.Configuration(url: storage.url), logger: logger, body)
    }
}
