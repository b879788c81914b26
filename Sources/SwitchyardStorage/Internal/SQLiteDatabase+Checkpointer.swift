import Logging
import SQLiteKit

extension SQLiteDatabase {
    /// A connection of its own that copies the write-ahead log back into the database file every `interval`, so
    /// that the writer's commits never stop to do it.
    ///
    /// A passive checkpoint waits for no reader and no writer: it copies what no open read still needs and leaves
    /// the rest for the next round. The writer starts the log over from its beginning once all of it is copied.
    struct Checkpointer: Sendable {
        let connection: SQLiteConnection
        let interval: Duration
        let logger: Logger

        /// Checkpoints every `interval` until the task is cancelled; a failed checkpoint is logged and the next
        /// round tries again (the writer's own backstop bounds the log meanwhile).
        func run() async {
            while true {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { return }
                do {
                    _ = try await connection.query("PRAGMA wal_checkpoint(PASSIVE)")
                } catch {
                    logger.warning(
                        "Checkpointing the SQLite write-ahead log failed",
                        metadata: ["error": "\(String(describing: error))"]
                    )
                }
            }
        }

        /// Closes the connection; call it once ``run()`` has returned.
        func close() async {
            await SQLiteDatabase.discard(connection, logger: logger)
        }
    }
}
