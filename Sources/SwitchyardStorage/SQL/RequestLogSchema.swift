import SQLKit

/// The schema of the request log's own SQLite file: the `request_log` table and indexes that ``StorageSchema``'s
/// version 3 creates in a shared database, as version 1 here. Append; never edit or reorder.
enum RequestLogSchema {
    /// Every migration, oldest first.
    static let migrations: [SQLMigration] = [
        SQLMigration(version: 1, name: "create_request_log", apply: StorageSchema.createRequestLog)
    ]
}
