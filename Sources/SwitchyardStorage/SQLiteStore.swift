import Logging
import SQLiteKit
import SwitchyardCore

/// The embedded default store: an SQLite database file (or memory), opened for the length of a closure.
///
/// ```swift
/// try await SQLiteStore.withStore(
///     configuration: .init(location: .file(path: "./switchyard.db")),
///     logger: logger
/// ) { store in
///     try await serviceGroup.run()   // the store stays open until the closure returns
/// }
/// ```
///
/// Opening brings the schema up to date (see ``schemaVersion``) and refuses a database written by a newer build.
/// A file database runs in WAL mode with one writer connection, through which every write passes in turn, and
/// ``Configuration/readConnectionCount`` read-only connections that serve lookups without waiting for it; foreign
/// keys are on and a busy timeout covers other processes holding the lock. A third connection checkpoints the
/// write-ahead log in the background (``Configuration/checkpointInterval``), so that no commit waits for one.
/// Queries run on NIO's shared thread pool.
///
/// Errors are ``SwitchyardError``s: a duplicate key is `invalidRequest`; any other database failure is
/// `internalError` with a message that names the operation (never the SQL) and the database's own error in `cause`.
public struct SQLiteStore: Sendable {
    /// The schema version the database is at, once the migrations that ran on open have applied.
    public let schemaVersion: Int

    let writer: SQLiteConnectionPool
    let readers: SQLiteConnectionPool
    let queryLogLevel: Logger.Level?
    private let checkpointer: Checkpointer?

    /// Opens the database, migrates it, runs `body` with the store, and closes it when `body` returns or throws.
    ///
    /// - Parameters:
    ///   - configuration: Where the database lives and how its connections behave.
    ///   - logger: Receives connection, migration and (at ``Configuration/queryLogLevel``) query logs.
    ///   - body: Uses the store; the store must not be used after it returns.
    /// - Returns: What `body` returns.
    /// - Throws: ``SwitchyardError`` (`internalError`) when the database cannot be opened, is newer than this build,
    ///   or a migration fails; otherwise what `body` throws.
    public static func withStore<Result>(
        configuration: Configuration,
        logger: Logger,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SQLiteStore) async throws -> Result
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
        _ body: (SQLiteStore) async throws -> Result
    ) async throws -> Result {
        let store = try await open(configuration: configuration, logger: logger, migrations: migrations)
        let result: Result
        do {
            result = try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
                if let checkpointer = store.checkpointer {
                    group.addTask { await checkpointer.run() }
                }
                defer { group.cancelAll() }
                return try await body(store)
            }
        } catch {
            await store.close()
            throw error
        }
        await store.close()
        return result
    }

    private init(
        schemaVersion: Int,
        writer: SQLiteConnectionPool,
        readers: SQLiteConnectionPool,
        checkpointer: Checkpointer?,
        queryLogLevel: Logger.Level?
    ) {
        self.schemaVersion = schemaVersion
        self.writer = writer
        self.readers = readers
        self.checkpointer = checkpointer
        self.queryLogLevel = queryLogLevel
    }

    /// The SQLKit view of one leased connection.
    func sql(_ connection: SQLiteConnection) -> any SQLDatabase {
        connection.sql(queryLogLevel: queryLogLevel)
    }

    private func close() async {
        await checkpointer?.close()
        await writer.close()
        if readers !== writer {
            await readers.close()
        }
    }
}

// MARK: - Opening

extension SQLiteStore {
    private enum Role {
        case writer
        case reader
        case checkpointer
    }

    private static func open(
        configuration: Configuration,
        logger: Logger,
        migrations: [SQLMigration]
    ) async throws -> SQLiteStore {
        let location = configuration.location
        let storage: SQLiteConnection.Storage =
            switch location.base {
            case .file(let path): .file(path: path)
            case .memory: .memory
            }
        let migrator = SQLMigrator(
            migrations: migrations,
            beginTransaction: "BEGIN IMMEDIATE",
            databaseDescription: location.description
        )

        let writerConnection = try await openConnection(
            storage,
            role: .writer,
            configuration: configuration,
            logger: logger
        )
        let writer = SQLiteConnectionPool(connections: [writerConnection], logger: logger)
        let schemaVersion: Int
        do {
            schemaVersion = try await writer.withConnection { connection in
                try await migrator.migrate(
                    on: connection.sql(queryLogLevel: configuration.queryLogLevel),
                    logger: logger
                )
            }
        } catch {
            await writer.close()
            throw error
        }

        let readers: SQLiteConnectionPool
        var checkpointer: Checkpointer?
        switch location.base {
        case .memory:
            // A private in-memory database exists only on the connection that created it, and has no log.
            readers = writer
        case .file:
            var readerConnections: [SQLiteConnection] = []
            do {
                for _ in 0..<max(configuration.readConnectionCount, 1) {
                    readerConnections.append(
                        try await openConnection(storage, role: .reader, configuration: configuration, logger: logger)
                    )
                }
                if let interval = configuration.checkpointInterval {
                    let connection = try await openConnection(storage, role: .checkpointer, configuration: configuration, logger: logger)
                    checkpointer = Checkpointer(connection: connection, interval: interval, logger: logger)
                }
            } catch {
                for connection in readerConnections {
                    await discard(connection, logger: logger)
                }
                await writer.close()
                throw error
            }
            readers = SQLiteConnectionPool(connections: readerConnections, logger: logger)
        }

        logger.debug(
            "Opened SQLite store",
            metadata: ["store.location": "\(location)", "store.schema_version": "\(schemaVersion)"]
        )
        return SQLiteStore(
            schemaVersion: schemaVersion,
            writer: writer,
            readers: readers,
            checkpointer: checkpointer,
            queryLogLevel: configuration.queryLogLevel
        )
    }

    /// Opens one connection and sets it up for its role.
    private static func openConnection(
        _ storage: SQLiteConnection.Storage,
        role: Role,
        configuration: Configuration,
        logger: Logger
    ) async throws -> SQLiteConnection {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        } catch {
            throw StoreError.failure("opening \(configuration.location).", cause: error)
        }
        do {
            let busyMilliseconds = min(max(0, configuration.busyTimeout / .milliseconds(1)), Double(Int32.max))
            // Replaces SQLiteNIO's default busy handler, which retries forever, with a bounded wait.
            _ = try await connection.query("PRAGMA busy_timeout = \(Int(busyMilliseconds))")
            _ = try await connection.query("PRAGMA foreign_keys = ON")
            switch (role, storage) {
            case (.writer, .file):
                let rows = try await connection.query("PRAGMA journal_mode = WAL")
                let mode = rows.first?.column("journal_mode")?.string
                if mode?.lowercased() != "wal" {
                    logger.warning(
                        "SQLite did not switch to WAL mode; readers will wait for writers",
                        metadata: ["store.location": "\(configuration.location)", "sqlite.journal_mode": "\(mode ?? "")"]
                    )
                }
                _ = try await connection.query("PRAGMA synchronous = \(configuration.synchronous.rawValue.uppercased())")
                if configuration.checkpointInterval != nil {
                    _ = try await connection.query("PRAGMA wal_autocheckpoint = \(Configuration.walBackstopPages)")
                }
            case (.reader, _):
                _ = try await connection.query("PRAGMA query_only = ON")
            case (.writer, .memory), (.checkpointer, _):
                break
            }
        } catch {
            await discard(connection, logger: logger)
            throw StoreError.failure("setting up a connection to \(configuration.location).", cause: error)
        }
        return connection
    }

    /// Closes a connection that is no longer needed; a failure to close is only logged.
    static func discard(_ connection: SQLiteConnection, logger: Logger) async {
        do {
            try await connection.close()
        } catch {
            logger.warning("Closing an SQLite connection failed", metadata: ["error": "\(String(describing: error))"])
        }
    }
}
