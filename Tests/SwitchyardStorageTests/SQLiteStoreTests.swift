import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardStorage

@Suite("SQLiteStore")
struct SQLiteStoreTests {
    private func sampleKey(_ number: Int, name: String? = nil) -> VirtualKey {
        VirtualKey(
            id: "key_\(number)",
            name: name ?? "key-\(number)",
            secretHash: String(repeating: "ab", count: 31) + String(format: "%02d", number),
            secretPrefix: "sy-\(number)",
            createdAt: Date(timeIntervalSince1970: 1_749_988_800 + Double(number))
        )
    }

    @Test func openingCreatesTheSchemaAndRecordsTheMigration() async throws {
        try await withTemporaryDirectory { directory in
            let before = Date().addingTimeInterval(-1)
            try await SQLiteStore.withStore(configuration: .file(in: directory), logger: quietLogger) { store in
                #expect(store.schemaVersion == 3)
                let tables = try await store.main.rawRows(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                ).compactMap { $0["name"] }
                #expect(tables == ["ledger_entries", "quota_alerts", "quota_counters", "quotas", "schema_migrations", "virtual_keys"])
                let indexes = try await store.main.rawRows(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name"
                ).compactMap { $0["name"] }
                #expect(
                    indexes == [
                        "ledger_entries_key_id_recorded_at", "ledger_entries_model_recorded_at", "ledger_entries_recorded_at",
                        "ledger_entries_tenant_recorded_at", "virtual_keys_active_name", "virtual_keys_created_at",
                    ]
                )

                let migrations = try await store.main.rawRows(
                    "SELECT version, name, applied_at FROM schema_migrations ORDER BY version"
                )
                #expect(migrations.map { $0["version"] } == ["1", "2", "3"])
                #expect(migrations.map { $0["name"] } == ["create_virtual_keys", "create_quotas_and_ledger", "create_request_log"])
                let appliedAt = try #require(migrations.first?["applied_at"].flatMap { Int64($0) })
                #expect(appliedAt >= Int64(before.timeIntervalSince1970 * 1000))

                // The request log has a file of its own beside the main one.
                #expect(store.requestLog.location == .file(path: directory.appendingPathComponent("switchyard-request-log.db").path))
                let logTables = try await store.requestLog.rawRows(
                    "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name"
                ).compactMap { $0["name"] }
                #expect(
                    logTables == [
                        "request_log", "request_log_key_id_started_at", "request_log_model_started_at", "request_log_started_at",
                        "request_log_status_started_at", "schema_migrations",
                    ]
                )
                let logMigrations = try await store.requestLog.rawRows("SELECT version, name FROM schema_migrations")
                #expect(logMigrations == [["version": "1", "name": "create_request_log"]])
                #expect(try await store.requestLog.rawRows("PRAGMA journal_mode").first?["journal_mode"] == "wal")
            }
        }
    }

    @Test func reopeningKeepsKeysAndAppliesNoMigrationTwice() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = SQLiteStore.Configuration.file(in: directory)
            let key = sampleKey(1)
            let revokedAt = Date(timeIntervalSince1970: 1_750_000_000.5)
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store in
                try await store.insert(key)
                try await store.insert(sampleKey(2))
                #expect(try await store.revoke(id: "key_2", at: revokedAt))
            }
            for _ in 0..<2 {
                try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store async throws in
                    #expect(store.schemaVersion == 3)
                    #expect(try await store.key(secretHash: key.secretHash) == key)
                    #expect(try await store.key(id: "key_2")?.revokedAt == revokedAt)
                    #expect(try await store.activeKeyCount(at: revokedAt) == 1)
                    #expect(try await store.main.rawRows("SELECT version FROM schema_migrations").count == 3)
                }
            }
        }
    }

    @Test func fileDatabaseUsesWALForeignKeysAndTheBusyTimeout() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = SQLiteStore.Configuration.file(in: directory)
            configuration.busyTimeout = .milliseconds(2500)
            configuration.readConnectionCount = 3
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store in
                #expect(try await store.main.rawRows("PRAGMA journal_mode").first?["journal_mode"] == "wal")
                #expect(try await store.main.rawRows("PRAGMA foreign_keys").first?["foreign_keys"] == "1")
                #expect(try await store.main.rawRows("PRAGMA busy_timeout").first?["timeout"] == "2500")
                #expect(try await store.main.rawRows("PRAGMA query_only").first?["query_only"] == "0")
                // NORMAL (1) by default: a commit does not wait for the disk.
                #expect(try await store.main.rawRows("PRAGMA synchronous").first?["synchronous"] == "1")

                // Every reader is read-only and shares the settings.
                try await withThrowingTaskGroup(of: [String?].self) { group in
                    for _ in 0..<3 {
                        group.addTask {
                            try await store.main.readers.withConnection { connection in
                                let pragmas = ["query_only", "foreign_keys", "busy_timeout"]
                                var values: [String?] = []
                                for pragma in pragmas {
                                    values.append(try await connection.query("PRAGMA \(pragma)").first?.columns.first?.data.string)
                                }
                                // Hold the connection so that the three tasks each lease a different one.
                                try await Task.sleep(for: .milliseconds(50))
                                return values
                            }
                        }
                    }
                    for try await values in group {
                        #expect(values == ["1", "1", "2500"])
                    }
                }
            }
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("switchyard.db").path))
        }
    }

    @Test func fullSynchronousMakesEveryCommitWaitForTheDisk() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = SQLiteStore.Configuration.file(in: directory)
            configuration.synchronous = .full
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store in
                let rows = try await store.main.rawRows("PRAGMA synchronous")
                #expect(rows.first?["synchronous"] == "2")
            }
        }
    }

    @Test func aBackgroundConnectionCheckpointsTheLogSoCommitsNeverDo() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("switchyard.db").path
            /// The database's size as its connections see it (file and log together), and the file's own size.
            func sizes(_ store: SQLiteStore) async throws -> (seen: Int, file: Int) {
                let pages = Int(try await store.main.rawRows("PRAGMA page_count").first?["page_count"] ?? "") ?? 0
                let pageSize = Int(try await store.main.rawRows("PRAGMA page_size").first?["page_size"] ?? "") ?? 0
                let file = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? -1
                return (pages * pageSize, file)
            }

            // Left to the writer, a small log is not copied back: the new pages live only in the log.
            var configuration = SQLiteStore.Configuration.file(in: directory)
            configuration.checkpointInterval = nil
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store in
                #expect(try await store.main.rawRows("PRAGMA wal_autocheckpoint").first?["wal_autocheckpoint"] == "1000")
                for number in 1...50 {
                    try await store.insert(sampleKey(number))
                }
                let (seen, file) = try await sizes(store)
                #expect(file < seen)
            }

            // The background checkpointer copies them into the file; the writer keeps only a distant backstop.
            configuration.checkpointInterval = .milliseconds(50)
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store in
                let backstop = try await store.main.rawRows("PRAGMA wal_autocheckpoint").first?["wal_autocheckpoint"]
                #expect(backstop == "\(SQLiteStore.Configuration.walBackstopPages)")
                for number in 51...100 {
                    try await store.insert(sampleKey(number))
                }
                let deadline = ContinuousClock.now + .seconds(20)
                var (seen, file) = try await sizes(store)
                while file != seen, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                    (seen, file) = try await sizes(store)
                }
                #expect(file == seen)
                #expect(try await store.allKeys().count == 100)
            }
        }
    }

    @Test func inMemoryDatabasesArePrivateToTheirStore() async throws {
        let configuration = SQLiteStore.Configuration(location: .inMemory, queryLogLevel: nil)
        try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { first in
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { second in
                try await first.insert(sampleKey(1))
                #expect(try await first.allKeys().count == 1)
                #expect(try await second.allKeys().isEmpty)
                #expect(first.schemaVersion == 3)
                #expect(second.schemaVersion == 3)
            }
        }
    }

    @Test func twoStoresOnOneFileSeeEachOthersWrites() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = SQLiteStore.Configuration.file(in: directory)
            // Both open a new file at once, as two processes might; the migration applies once.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for number in 1...2 {
                    group.addTask {
                        try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store in
                            try await store.insert(sampleKey(number))
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { first in
                try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { second in
                    #expect(try await first.main.rawRows("SELECT version FROM schema_migrations").count == 3)
                    #expect(try await first.allKeys().map(\.id) == ["key_1", "key_2"])
                    try await second.insert(sampleKey(3))
                    #expect(try await first.key(id: "key_3") == sampleKey(3))
                    #expect(try await first.revoke(id: "key_3", at: Date(timeIntervalSince1970: 1_750_000_000)))
                    #expect(try await second.activeKeyCount(at: Date(timeIntervalSince1970: 1_750_000_000)) == 2)
                    // The name uniqueness rule holds across connections too.
                    let error = await #expect(throws: SwitchyardError.self) {
                        try await second.insert(sampleKey(4, name: "key-1"))
                    }
                    #expect(error?.message.contains("key-1") == true)
                }
            }
        }
    }

    @Test func healthCheckPasses() async throws {
        try await withTemporaryDirectory { directory in
            try await SQLiteStore.withStore(configuration: .file(in: directory), logger: quietLogger) { store in
                try await store.checkHealth()
            }
        }
        try await SQLiteStore.withStore(
            configuration: .init(location: .inMemory, queryLogLevel: nil),
            logger: quietLogger
        ) { store in
            try await store.checkHealth()
        }
        try await InMemoryStore().checkHealth()
    }

    @Test func aStoreUsedAfterItsScopeFailsCleanly() async throws {
        let escaped = try await SQLiteStore.withStore(
            configuration: .init(location: .inMemory, queryLogLevel: nil),
            logger: quietLogger
        ) { store in
            store
        }
        let error = await #expect(throws: SwitchyardError.self) {
            try await escaped.allKeys()
        }
        #expect(error?.code == .internalError)
        #expect(error?.message == "The store failed: listing keys.")
        #expect(error?.cause?.contains("closed") == true)
        await #expect(throws: SwitchyardError.self) {
            try await escaped.checkHealth()
        }
    }

    @Test func theBodysErrorPropagatesAndTheStoreStillCloses() async throws {
        struct BodyFailed: Error {}
        try await withTemporaryDirectory { directory in
            let configuration = SQLiteStore.Configuration.file(in: directory)
            await #expect(throws: BodyFailed.self) {
                try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store in
                    try await store.insert(sampleKey(1))
                    throw BodyFailed()
                }
            }
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store async throws in
                #expect(try await store.allKeys() == [sampleKey(1)])
            }
        }
    }

    @Test func twoStoresOnOneFileNeverLeasePastTheLimitTogether() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = SQLiteStore.Configuration.file(in: directory)
            // The suite runs beside the million-row test: give a lock holder time on a saturated machine.
            configuration.busyTimeout = .seconds(60)
            let counter = QuotaCounterID(name: "quota_shared", windowStart: 0)
            // Two stores stand for two processes: each has its own writer connection to the same file. Each races
            // 20 leases of 3 against a limit of 100.
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { first in
                try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { second in
                    let granted = try await withThrowingTaskGroup(of: Int64.self) { group in
                        for store in [first, second] {
                            for _ in 0..<20 {
                                group.addTask { try await store.lease(counter, limit: 100, amount: 3, minimum: 3) }
                            }
                        }
                        return try await group.reduce(0, +)
                    }
                    #expect(granted == 99)
                    #expect(try await second.counter(counter) == QuotaCounterState(limit: 100, leased: 99, consumed: 0))
                }
            }
        }
    }
}
