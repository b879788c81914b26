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
        let configuration: SQLiteStore.Configuration =
            storage.url == "sqlite::memory:" ? .inMemory : .file(path: String(storage.url.dropFirst("sqlite://".count)))
        return try await SQLiteStore.withStore(configuration: configuration, logger: logger, body)
    }
}
