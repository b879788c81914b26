import Foundation
import Logging
import SQLKit
import SwitchyardCore

/// Brings a database's schema up to date, one migration per transaction, recording each in `schema_migrations`.
///
/// Each migration runs in its own transaction together with its `schema_migrations` row, so a failure rolls the
/// database back to the last migration that succeeded, never to a half-applied one. Re-running is a no-op. A
/// database whose recorded version is newer than any migration this build knows is refused with a clear error
/// rather than used by code that does not understand it.
struct SQLMigrator: Sendable {
    static let table = "schema_migrations"

    /// The migrations to apply, in order of version.
    let migrations: [SQLMigration]
    /// The statement that opens a transaction holding the write lock, such as SQLite's `BEGIN IMMEDIATE`, so that
    /// two processes opening the same database never apply the same migration twice.
    let beginTransaction: String
    /// A statement run first in every migrator transaction that holds a lock until the transaction ends, such as
    /// PostgreSQL's `SELECT pg_advisory_xact_lock(…)`, for databases whose `BEGIN` takes no lock; `nil` for none.
    let lockStatement: String?
    /// The database in words for error messages, such as "the SQLite database at ./switchyard.db".
    let databaseDescription: String

    init(migrations: [SQLMigration], beginTransaction: String, lockStatement: String? = nil, databaseDescription: String) {
        precondition(
            migrations.enumerated().allSatisfy { $0.element.version == $0.offset + 1 },
            "Migrations must be numbered 1, 2, 3, … in order."
        )
        self.migrations = migrations
        self.beginTransaction = beginTransaction
        self.lockStatement = lockStatement
        self.databaseDescription = databaseDescription
    }

    /// Applies every migration the database lacks and returns the schema version it is then at.
    ///
    /// - Throws: ``SwitchyardError`` (`internalError`) when the database is newer than this build, or when a
    ///   migration fails (the database then stays at the last version that applied).
    func migrate(on database: any SQLDatabase, logger: Logger) async throws -> Int {
        let known = migrations.last?.version ?? 0
        var current: Int
        do {
            // Under the lock: two processes creating the table at once can collide even with IF NOT EXISTS.
            current = try await lockedTransaction(on: database) {
                try await database.create(table: Self.table)
                    .ifNotExists()
                    .column("version", type: .bigint, .primaryKey(autoIncrement: false), .notNull)
                    .column("name", type: .text, .notNull)
                    .column("applied_at", type: .bigint, .notNull)
                    .run()
                return try await currentVersion(on: database)
            }
        } catch {
            throw StoreError.failure("reading the schema version of \(databaseDescription).", cause: error)
        }
        guard current <= known else {
            throw SwitchyardError(
                code: .internalError,
                message: """
                    The schema of \(databaseDescription) is at version \(current), newer than version \(known) that \
                    this build of Switchyard knows; run a newer Switchyard or point storage at another database.
                    """
            )
        }

        for migration in migrations where migration.version > current {
            do {
                try await lockedTransaction(on: database) {
                    // Another process may have applied it since the version was read.
                    guard try await currentVersion(on: database) < migration.version else { return }
                    try await migration.apply(database)
                    try await database.insert(into: Self.table)
                        .columns("version", "name", "applied_at")
                        .values(
                            SQLBind(migration.version),
                            SQLBind(migration.name),
                            SQLBind(Date().millisecondsSince1970)
                        )
                        .run()
                }
            } catch {
                throw StoreError.failure(
                    """
                    migration \(migration.version) (\(migration.name)) did not apply to \(databaseDescription), which \
                    stays at schema version \(current).
                    """,
                    cause: error
                )
            }
            current = migration.version
            logger.info(
                "Applied storage migration",
                metadata: ["migration.version": "\(migration.version)", "migration.name": "\(migration.name)"]
            )
        }
        return current
    }

    /// Runs `body` in a transaction opened with ``beginTransaction`` that first takes ``lockStatement``.
    private func lockedTransaction<Result>(
        on database: any SQLDatabase,
        _ body: () async throws -> Result
    ) async throws -> Result {
        try await database.transaction(begin: beginTransaction) {
            if let lockStatement {
                try await database.raw("\(unsafeRaw: lockStatement)").run()
            }
            return try await body()
        }
    }

    /// The highest version recorded in `schema_migrations`; 0 for a new database.
    private func currentVersion(on database: any SQLDatabase) async throws -> Int {
        let row = try await database.select()
            .column(SQLFunction("max", args: SQLIdentifier("version")), as: "version")
            .from(Self.table)
            .first()
        guard let row, try !row.decodeNil(column: "version") else { return 0 }
        return try row.decode(column: "version", as: Int.self)
    }
}
