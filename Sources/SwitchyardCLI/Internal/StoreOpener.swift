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
        try await StoreConfiguration(url: storage.url).withStore(logger: logger, body)
    }
}
