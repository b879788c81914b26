import Logging
import SwitchyardCore

/// Which store a storage URL names — an SQLite file (or memory) or a PostgreSQL database — and how to open it.
///
/// ```swift
/// let configuration = try StoreConfiguration(url: "postgres://switchyard:secret@db/switchyard")
/// try await configuration.withStore(logger: logger) { store in
///     try await store.checkHealth()
/// }
/// ```
public enum StoreConfiguration: Sendable {
    /// An SQLite database: `sqlite://PATH`, `sqlite::memory:`.
    case sqlite(SQLiteStore.Configuration)
    /// A PostgreSQL database: `postgres://USER:PASSWORD@HOST:PORT/DATABASE` or `postgresql://…`.
    case postgres(PostgresStore.Configuration)

    /// Chooses the store by the URL's scheme and parses the rest as that store does.
    ///
    /// - Throws: ``SwitchyardError`` (`invalidRequest`) for another scheme or a URL the store cannot use.
    public init(url: String) throws {
        let scheme = url.prefix { $0 != ":" }.lowercased()
        switch scheme {
        case "sqlite":
            self = .sqlite(try SQLiteStore.Configuration(url: url))
        case "postgres", "postgresql":
            self = .postgres(try PostgresStore.Configuration(url: url))
        default:
            throw SwitchyardError.invalidRequest(
                "The storage URL has the unknown scheme '\(scheme)'; expected sqlite://PATH, sqlite::memory: or "
                    + "postgres://USER:PASSWORD@HOST:PORT/DATABASE."
            )
        }
    }

    /// Opens the store, runs `body` with it, and closes it when `body` returns or throws.
    ///
    /// - Throws: What ``SQLiteStore/withStore(configuration:logger:isolation:_:)`` or
    ///   ``PostgresStore/withStore(configuration:logger:isolation:_:)`` throws, or what `body` throws.
    public func withStore<Result>(
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (any SwitchyardStore) async throws -> Result
    ) async throws -> Result {
        switch self {
        case .sqlite(let configuration):
            try await SQLiteStore.withStore(configuration: configuration, logger: logger) { store in
                try await body(store)
            }
        case .postgres(let configuration):
            try await PostgresStore.withStore(configuration: configuration, logger: logger) { store in
                try await body(store)
            }
        }
    }
}
