import Logging
import SQLiteKit

/// One SQLite database — a file or private memory — and the connections that serve it: one writer, through which
/// every write passes in turn, read-only connections that serve lookups without waiting for it (in WAL mode), and a
/// connection that checkpoints the write-ahead log in the background.
///
/// ``SQLiteStore`` opens two: its main database, and the request log's own file, so that neither's writes wait for
/// the other's.
struct SQLiteDatabase: Sendable {
    /// Where the database lives.
    let location: SQLiteStore.Configuration.Location
    /// The schema version the database is at, once the migrations that ran on open have applied.
    let schemaVersion: Int
    let writer: SQLiteConnectionPool
    let readers: SQLiteConnectionPool
    let queryLogLevel: Logger.Level?
    private let checkpointer: Checkpointer?

    /// The SQLKit view of one leased connection.
    func sql(_ connection: SQLiteConnection) -> any SQLDatabase {
        connection.sql(queryLogLevel: queryLogLevel)
    }

    /// Checkpoints the write-ahead log every ``SQLiteStore/Configuration/checkpointInterval`` until the task is
    /// cancelled; returns at once for a database that has no checkpointer (memory, or checkpoints left to the
    /// writer).
    func runCheckpoints() async {
        await checkpointer?.run()
    }

    /// Closes every connection; the database must not be used afterwards.
    func close() async {
        await checkpointer?.close()
        await writer.close()
        if readers !== writer {
            await readers.close()
        }
    }
}

// MARK: - Opening

extension SQLiteDatabase {
    private enum Role {
        case writer
        case reader
        case checkpointer
    }

    /// Opens the database at `location` with `configuration`'s connection settings and brings its schema up to date
    /// with `migrations`.
    ///
    /// - Throws: ``SwitchyardCore/SwitchyardError`` (`internalError`) when the database cannot be opened, is newer
    ///   than `migrations`, or a migration fails.
    static func open(
        _ location: SQLiteStore.Configuration.Location,
        configuration: SQLiteStore.Configuration,
        migrations: [SQLMigration],
        logger: Logger
    ) async throws -> SQLiteDatabase {
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
            location: location,
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
                        try await openConnection(
                            storage,
                            role: .reader,
                            location: location,
                            configuration: configuration,
                            logger: logger
                        )
                    )
                }
                if let interval = configuration.checkpointInterval {
                    let connection = try await openConnection(
                        storage,
                        role: .checkpointer,
                        location: location,
                        configuration: configuration,
                        logger: logger
                    )
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
            "Opened SQLite database",
            metadata: ["store.location": "\(location)", "store.schema_version": "\(schemaVersion)"]
        )
        return SQLiteDatabase(
            location: location,
            schemaVersion: schemaVersion,
            writer: writer,
            readers: readers,
            queryLogLevel: configuration.queryLogLevel,
            checkpointer: checkpointer
        )
    }

    /// Opens one connection and sets it up for its role.
    private static func openConnection(
        _ storage: SQLiteConnection.Storage,
        role: Role,
        location: SQLiteStore.Configuration.Location,
        configuration: SQLiteStore.Configuration,
        logger: Logger
    ) async throws -> SQLiteConnection {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        } catch {
            throw StoreError.failure("opening \(location).", cause: error)
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
                        metadata: ["store.location": "\(location)", "sqlite.journal_mode": "\(mode ?? "")"]
                    )
                }
                _ = try await connection.query("PRAGMA synchronous = \(configuration.synchronous.rawValue.uppercased())")
                if configuration.checkpointInterval != nil {
                    _ = try await connection.query("PRAGMA wal_autocheckpoint = \(SQLiteStore.Configuration.walBackstopPages)")
                }
            case (.reader, _):
                _ = try await connection.query("PRAGMA query_only = ON")
            case (.writer, .memory), (.checkpointer, _):
                break
            }
        } catch {
            await discard(connection, logger: logger)
            throw StoreError.failure("setting up a connection to \(location).", cause: error)
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
