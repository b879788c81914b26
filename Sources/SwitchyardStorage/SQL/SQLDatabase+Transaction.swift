import SQLKit

extension SQLDatabase {
    /// Runs `body` inside a transaction opened with `begin`: commits when it returns, rolls back when it throws.
    ///
    /// The caller must hold this connection exclusively for the whole call; statements from elsewhere on the same
    /// connection would join the transaction.
    func transaction<Result>(
        begin: String,
        _ body: () async throws -> Result
    ) async throws -> Result {
        try await raw("\(unsafeRaw: begin)").run()
        let result: Result
        do {
            result = try await body()
            try await raw("COMMIT").run()
        } catch {
            do {
                try await raw("ROLLBACK").run()
            } catch let rollbackError {
                logger.error(
                    "Rolling back a failed transaction failed",
                    metadata: ["error": "\(String(describing: rollbackError))"]
                )
            }
            throw error
        }
        return result
    }
}
