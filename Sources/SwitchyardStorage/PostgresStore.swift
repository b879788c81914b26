import Logging
import PostgresKit
import SwitchyardCore

/// The shared store for several replicas: a PostgreSQL database, reached through a pool of connections that stays
/// open for the length of a closure.
///
/// ```swift
/// try await PostgresStore.withStore(
///     configuration: try .init(url: "postgres://switchyard:secret@db:5432/switchyard"),
///     logger: logger
/// ) { store in
///     try await serviceGroup.run()   // the pool stays open until the closure returns
/// }
/// ```
///
/// Opening brings the schema up to date with the same migrations as ``SQLiteStore``, each in its own transaction
/// under a PostgreSQL advisory lock, so replicas starting together never race a migration and a failed one leaves
/// the schema at the last version that applied. A database written by a newer build is refused.
///
/// Quota leases run in a transaction that locks the counter's row, so replicas racing for the last units can never
/// together be granted more than the limit.
///
/// Errors are ``SwitchyardError``s: a duplicate key or quota is `invalidRequest`; any other database failure is
/// `internalError` with a message that names the operation (never the SQL) and the database's own error in `cause`.
public struct PostgresStore: Sendable {
    /// The schema version the database is at, once the migrations that ran on open have applied.
    public let schemaVersion: Int

    let client: PostgresClient
    let queryLogLevel: Logger.Level?

    /// The key of the advisory lock that serializes migrations across replicas: "switchyard" in ASCII.
    static let migrationLockKey: Int64 = 0x73_77_69_74_63_68_79_61

    /// Connects, migrates the database, runs `body` with the store, and closes every connection when `body`
    /// returns or throws.
    ///
    /// - Parameters:
    ///   - configuration: The server, credentials and pool size.
    ///   - logger: Receives connection, migration and (at ``Configuration/queryLogLevel``) query logs.
    ///   - body: Uses the store; the store must not be used after it returns.
    /// - Returns: What `body` returns.
    /// - Throws: ``SwitchyardError`` (`internalError`) when the server cannot be reached, the database is newer than
    ///   this build, or a migration fails; otherwise what `body` throws.
    public static func withStore<Result>(
        configuration: Configuration,
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresStore) async throws -> Result
    ) async throws -> Result {
        try await withStore(
            configuration: configuration,
            logger: logger,
            migrations: StorageSchema.migrations,
            body
        )
    }

    /// ``withStore(configuration:logger:isolation:_:)`` with a chosen list of migrations, for tests.
    static func withStore<Result>(
        configuration: Configuration,
        logger: Logger,
        migrations: [SQLMigration],
        isolation: isolated (any Actor)? = #isolation,
        _ body: (PostgresStore) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            let store = try await open(client: client, configuration: configuration, logger: logger, migrations: migrations)
            return try await body(store)
        }
    }

    private init(schemaVersion: Int, client: PostgresClient, queryLogLevel: Logger.Level?) {
        self.schemaVersion = schemaVersion
        self.client = client
        self.queryLogLevel = queryLogLevel
    }

    private static func open(
        client: PostgresClient,
        configuration: Configuration,
        logger: Logger,
        migrations: [SQLMigration]
    ) async throws -> PostgresStore {
        let migrator = SQLMigrator(
            migrations: migrations,
            beginTransaction: "BEGIN",
            lockStatement: "SELECT pg_advisory_xact_lock(\(migrationLockKey))",
            databaseDescription: configuration.serverDescription
        )
        // Migrates on a connection of its own rather than the pool's, which would retry an unreachable server
        // for as long as the caller waits: a wrong URL fails at once, with the connection error as the cause.
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try configuration.connectionConfiguration,
                id: 0,
                logger: logger
            )
        } catch {
            throw StoreError.failure("connecting to \(configuration.serverDescription).", cause: error)
        }
        let schemaVersion: Int
        do {
            schemaVersion = try await migrator.migrate(
                on: connection.sql(queryLogLevel: configuration.queryLogLevel),
                logger: logger
            )
        } catch {
            await close(connection, logger: logger)
            throw error
        }
        await close(connection, logger: logger)
        logger.debug(
            "Opened PostgreSQL store",
            metadata: ["store.location": "\(configuration.serverDescription)", "store.schema_version": "\(schemaVersion)"]
        )
        return PostgresStore(schemaVersion: schemaVersion, client: client, queryLogLevel: configuration.queryLogLevel)
    }

    /// Closes the migration connection; a failure to close is only logged.
    private static func close(_ connection: PostgresConnection, logger: Logger) async {
        do {
            try await connection.close()
        } catch {
            logger.warning("Closing a PostgreSQL connection failed", metadata: ["error": "\(String(describing: error))"])
        }
    }
}
