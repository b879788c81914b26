import SQLiteKit
import SwitchyardCore

extension SQLiteDatabase {
    /// Runs `body` on a read connection, mapping failures to ``SwitchyardError``.
    func reading<Result>(
        _ operation: String,
        _ body: (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await using(readers, operation, body)
    }

    /// Runs `body` on the writer connection, mapping failures to ``SwitchyardError``.
    func writing<Result>(
        _ operation: String,
        _ body: (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await using(writer, operation, body)
    }

    /// Runs `body` in a `BEGIN IMMEDIATE` transaction on the writer connection: the database's write lock is taken
    /// at once, so no other process writes between `body`'s reads and its writes. Maps failures to
    /// ``SwitchyardError``.
    func writingInTransaction<Result>(
        _ operation: String,
        _ body: (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await writing(operation) { database in
            try await database.transaction(begin: "BEGIN IMMEDIATE") {
                try await body(database)
            }
        }
    }

    private func using<Result>(
        _ pool: SQLiteConnectionPool,
        _ operation: String,
        _ body: (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        do {
            return try await pool.withConnection { connection in
                try await body(sql(connection))
            }
        } catch {
            throw StoreError.mapped(error, operation: operation)
        }
    }
}
