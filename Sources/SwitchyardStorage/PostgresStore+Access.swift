import PostgresKit
import SwitchyardCore

extension PostgresStore {
    /// Runs `body` on a pooled connection, mapping failures to ``SwitchyardError``.
    func withDatabase<Result>(
        _ operation: String,
        _ body: (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        do {
            return try await client.withConnection { connection in
                try await body(connection.sql(queryLogLevel: queryLogLevel))
            }
        } catch {
            throw StoreError.mapped(error, operation: operation)
        }
    }

    /// Runs `body` in a transaction on one pooled connection (committed when it returns, rolled back when it
    /// throws), mapping failures to ``SwitchyardError``.
    func withTransaction<Result>(
        _ operation: String,
        _ body: (any SQLDatabase) async throws -> Result
    ) async throws -> Result {
        try await withDatabase(operation) { database in
            try await database.transaction(begin: "BEGIN") {
                try await body(database)
            }
        }
    }

    /// Whether PostgreSQL refused a statement because of a primary-key or unique constraint (SQLSTATE 23505).
    static func isUniqueViolation(_ error: any Error) -> Bool {
        (error as? PSQLError)?.serverInfo?[.sqlState] == "23505"
    }

}
