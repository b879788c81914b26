import Logging
import SQLiteKit

/// Moves the request log out of an SQLite main database into the request log's own file.
///
/// Builds before the request log had a file of its own kept it as the `request_log` table of the main database, and
/// ``StorageSchema``'s version 3 still creates that table there. When the main database has it, its rows are copied
/// into the request log's file (request ids already there are skipped) and the table is dropped, in one transaction
/// over both files. In WAL mode such a transaction is atomic in each file but not across them: a crash in its commit
/// can leave the rows copied and the table still there, and the next open then copies again, skipping what is
/// already there, and drops it.
enum RequestLogRelocation {
    /// Moves what `database` holds of the request log into `requestLog`; does nothing once the table is gone.
    ///
    /// - Throws: ``SwitchyardCore/SwitchyardError`` (`internalError`) when the move fails; both databases are then
    ///   as they were.
    static func run(from database: SQLiteDatabase, to requestLog: SQLiteDatabase, logger: Logger) async throws {
        try await database.writing("moving the request log to \(requestLog.location).") { sql in
            guard try await hasTable(on: sql) else { return }
            switch requestLog.location.base {
            case .memory:
                // An in-memory main database was created moments ago: its table is empty, and a private in-memory
                // request log cannot be attached to another connection anyway.
                try await sql.drop(table: RequestLogRecord.table).run()
            case .file(let path):
                let moved = try await move(on: sql, to: path)
                if moved > 0 {
                    logger.notice(
                        "Moved the request log to its own database file",
                        metadata: ["store.location": "\(requestLog.location)", "request_log.entries": "\(moved)"]
                    )
                }
            }
        }
    }

    /// The alias the request log's file is attached under while its rows are copied.
    private static let attachedSchema = "switchyard_request_log"

    /// Whether the main database still has the table.
    private static func hasTable(on sql: any SQLDatabase) async throws -> Bool {
        try await sql.select()
            .column("name")
            .from("sqlite_master")
            .where("type", .equal, "table")
            .where("name", .equal, RequestLogRecord.table)
            .first() != nil
    }

    /// Copies the main database's rows into the file at `path` and drops the table; returns how many rows were copied.
    private static func move(on sql: any SQLDatabase, to path: String) async throws -> Int {
        // ATTACH and DETACH cannot run inside a transaction; the copy and the drop run in one.
        try await sql.raw("ATTACH DATABASE \(bind: path) AS \(ident: attachedSchema)").run()
        let moved: Int
        do {
            moved = try await sql.transaction(begin: "BEGIN IMMEDIATE") {
                // Another process opening the same file may have moved it while this one waited for the lock.
                guard try await hasTable(on: sql) else { return 0 }
                let columns = SQLList(RequestLogRecord.columns.map { SQLIdentifier($0) })
                try await sql.raw(
                    """
                    INSERT OR IGNORE INTO \(ident: attachedSchema).\(ident: RequestLogRecord.table) (\(columns)) \
                    SELECT \(columns) FROM main.\(ident: RequestLogRecord.table)
                    """
                ).run()
                let count = try await sql.raw("SELECT changes() AS moved").first()?.decode(column: "moved", as: Int.self)
                try await sql.raw("DROP TABLE main.\(ident: RequestLogRecord.table)").run()
                return count ?? 0
            }
        } catch {
            try? await sql.raw("DETACH DATABASE \(ident: attachedSchema)").run()
            throw error
        }
        try await sql.raw("DETACH DATABASE \(ident: attachedSchema)").run()
        return moved
    }
}
