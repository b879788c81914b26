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
/// The request log lives in a database of its own (``Configuration/requestLogLocation``: a file beside the main one,
/// or memory beside an in-memory one), with its own connections and its own write lock: its inserts — hundreds of
/// rows at a time — never hold up a ledger commit, which a client waits for, nor a quota lease. A main file written
/// by an earlier build, whose request log was a table in it, has that table's rows moved to the request log's file
/// on open, and the table dropped.
///
/// Errors are ``SwitchyardError``s: a duplicate key is `invalidRequest`; any other database failure is
/// `internalError` with a message that names the operation (never the SQL) and the database's own error in `cause`.
public struct SQLiteStore: Sendable {
    /// The schema version the main database is at, once the migrations that ran on open have applied.
    public var schemaVersion: Int { main.schemaVersion }

    /// Keys, quotas and their counters, and the ledger.
    let main: SQLiteDatabase
    /// The request log.
    let requestLog: SQLiteDatabase

    /// Opens the main database and the request log's, migrates both (moving an earlier build's request log out of
    /// the main file), runs `body` with the store, and closes them when `body` returns or throws.
    ///
    /// - Parameters:
    ///   - configuration: Where the databases live and how their connections behave.
    ///   - logger: Receives connection, migration and (at ``Configuration/queryLogLevel``) query logs.
    ///   - body: Uses the store; the store must not be used after it returns.
    /// - Returns: What `body` returns.
    /// - Throws: ``SwitchyardError``: `invalidRequest` when the request log's path names the main file;
    ///   `internalError` when a database cannot be opened, is newer than this build, or a migration or the move
    ///   fails; otherwise what `body` throws.
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
                group.addTask { await store.main.runCheckpoints() }
                group.addTask { await store.requestLog.runCheckpoints() }
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

    /// How many times opening is tried when SQLite reports the files busy.
    private static let openAttempts = 5

    /// ``openOnce(configuration:logger:migrations:)``, tried again a moment later while SQLite reports the files busy.
    ///
    /// Two processes opening the same new files at once (or two stores in one process) can find each other in the
    /// middle of switching a file to WAL mode or of moving the request log, and SQLite then answers "database is
    /// locked" at once instead of waiting out its busy timeout. Every step of opening is safe to repeat.
    private static func open(
        configuration: Configuration,
        logger: Logger,
        migrations: [SQLMigration]
    ) async throws -> SQLiteStore {
        for attempt in 1..<openAttempts {
            do {
                return try await openOnce(configuration: configuration, logger: logger, migrations: migrations)
            } catch let error as SwitchyardError where error.isRetryable {
                logger.debug("SQLite was busy while opening; trying again", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: .milliseconds(Int.random(in: 10...50) * attempt))
            }
        }
        return try await openOnce(configuration: configuration, logger: logger, migrations: migrations)
    }

    /// Opens the main database, then the request log's, and moves the request log out of a main file written by an
    /// earlier build.
    private static func openOnce(
        configuration: Configuration,
        logger: Logger,
        migrations: [SQLMigration]
    ) async throws -> SQLiteStore {
        if configuration.location.base != .memory, configuration.requestLogLocation == configuration.location {
            throw SwitchyardError.invalidRequest(
                "The request log's database file is \(configuration.location); it needs a file of its own."
            )
        }
        let main = try await SQLiteDatabase.open(
            configuration.location,
            configuration: configuration,
            migrations: migrations,
            logger: logger
        )
        let requestLog: SQLiteDatabase
        do {
            requestLog = try await SQLiteDatabase.open(
                configuration.requestLogLocation,
                configuration: configuration,
                migrations: RequestLogSchema.migrations,
                logger: logger
            )
        } catch {
            await main.close()
            throw error
        }
        let store = SQLiteStore(main: main, requestLog: requestLog)
        do {
            try await RequestLogRelocation.run(from: main, to: requestLog, logger: logger)
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    private func close() async {
        await main.close()
        await requestLog.close()
    }
}
