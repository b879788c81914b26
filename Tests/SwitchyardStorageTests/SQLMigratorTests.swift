import Foundation
import SQLKit
import SwitchyardCore
import Testing

@testable import SwitchyardStorage

@Suite("SQL migrations")
struct SQLMigratorTests {
    /// Version 2: creates a `probes` table, then runs a statement that fails, leaving the table behind unless the
    /// migration's transaction rolls it back.
    private static let failingProbes = SQLMigration(version: 2, name: "create_probes") { database in
        try await database.create(table: "probes").column("id", type: .text, .primaryKey(autoIncrement: false)).run()
        try await database.raw("INSERT INTO no_such_table VALUES (1)").run()
    }

    /// Version 2 done right: fails if a `probes` table already exists.
    private static let probes = SQLMigration(version: 2, name: "create_probes") { database in
        try await database.create(table: "probes").column("id", type: .text, .primaryKey(autoIncrement: false)).run()
    }

    /// Version 3: adds a column to `virtual_keys`.
    private static let keyNotes = SQLMigration(version: 3, name: "add_key_notes") { database in
        try await database.alter(table: VirtualKeyRecord.table).column("notes", type: .text).run()
    }

    /// The schema as it stood at version 1, so that the test migrations above can be version 2 and 3.
    private static let keysOnly = Array(StorageSchema.migrations.prefix(1))

    private static let key = VirtualKey(
        id: "key_1",
        name: "ci-bot",
        secretHash: String(repeating: "0", count: 63) + "1",
        secretPrefix: "sy-1",
        createdAt: Date(timeIntervalSince1970: 1_749_988_800)
    )

    private func tableNames(_ store: SQLiteStore) async throws -> [String] {
        try await store.main.rawRows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .compactMap { $0["name"] }
    }

    @Test func aFailingMigrationRollsBackCompletely() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = SQLiteStore.Configuration.file(in: directory)
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger, migrations: Self.keysOnly) { store in
                try await store.insert(Self.key)
            }

            var bodyRan = false
            let error = await #expect(throws: SwitchyardError.self) {
                try await SQLiteStore.withStore(
                    configuration: configuration,
                    logger: quietLogger,
                    migrations: Self.keysOnly + [Self.failingProbes]
                ) { _ in
                    bodyRan = true
                }
            }
            #expect(!bodyRan)
            #expect(error?.code == .internalError)
            #expect(
                error?.message == """
                    The store failed: migration 2 (create_probes) did not apply to the SQLite database at \
                    \(directory.appendingPathComponent("switchyard.db").path), which stays at schema version 1.
                    """
            )
            #expect(error?.cause?.contains("no such table") == true)

            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger, migrations: Self.keysOnly) { store async throws in
                #expect(store.schemaVersion == 1)
                #expect(try await tableNames(store) == ["schema_migrations", "virtual_keys"])
                #expect(try await store.main.rawRows("SELECT version FROM schema_migrations").count == 1)
                #expect(try await store.allKeys() == [Self.key])
            }

            // The same version, fixed, now applies: it would fail had the first attempt left `probes` behind.
            try await SQLiteStore.withStore(
                configuration: configuration,
                logger: quietLogger,
                migrations: Self.keysOnly + [Self.probes]
            ) { store async throws in
                #expect(store.schemaVersion == 2)
                #expect(try await tableNames(store) == ["probes", "schema_migrations", "virtual_keys"])
            }
        }
    }

    @Test func aFailingFirstMigrationLeavesAnEmptySchema() async throws {
        let broken = SQLMigration(version: 1, name: "broken") { database in
            try await database.create(table: "half").column("id", type: .text).run()
            try await database.raw("THIS IS NOT SQL").run()
        }
        try await withTemporaryDirectory { directory in
            let configuration = SQLiteStore.Configuration.file(in: directory)
            let error = await #expect(throws: SwitchyardError.self) {
                try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger, migrations: [broken]) { _ in }
            }
            #expect(error?.message.contains("stays at schema version 0") == true)
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger, migrations: Self.keysOnly) { store async throws in
                #expect(store.schemaVersion == 1)
                #expect(try await tableNames(store) == ["schema_migrations", "virtual_keys"])
            }
        }
    }

    @Test func aDatabaseNewerThanTheBuildIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = SQLiteStore.Configuration.file(in: directory)
            try await SQLiteStore.withStore(
                configuration: configuration,
                logger: quietLogger,
                migrations: Self.keysOnly + [Self.probes]
            ) { store in
                #expect(store.schemaVersion == 2)
                try await store.insert(Self.key)
            }

            var bodyRan = false
            let error = await #expect(throws: SwitchyardError.self) {
                try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger, migrations: Self.keysOnly) { _ in
                    bodyRan = true
                }
            }
            #expect(!bodyRan)
            #expect(error?.code == .internalError)
            #expect(
                error?.message == """
                    The schema of the SQLite database at \(directory.appendingPathComponent("switchyard.db").path) is \
                    at version 2, newer than version 1 that this build of Switchyard knows; run a newer Switchyard or \
                    point storage at another database.
                    """
            )

            // Refusing changed nothing: the newer build still opens it.
            try await SQLiteStore.withStore(
                configuration: configuration,
                logger: quietLogger,
                migrations: Self.keysOnly + [Self.probes]
            ) { store async throws in
                #expect(store.schemaVersion == 2)
                #expect(try await store.allKeys() == [Self.key])
            }
        }
    }

    @Test func laterMigrationsApplyInOrderOverExistingData() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = SQLiteStore.Configuration.file(in: directory)
            try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger, migrations: Self.keysOnly) { store in
                try await store.insert(Self.key)
            }
            let migrations = Self.keysOnly + [Self.probes, Self.keyNotes]
            for pass in 1...2 {
                try await SQLiteStore.withStore(
                    configuration: configuration,
                    logger: quietLogger,
                    migrations: migrations
                ) { store in
                    #expect(store.schemaVersion == 3)
                    let recorded = try await store.main.rawRows("SELECT version, name FROM schema_migrations ORDER BY version")
                    #expect(recorded.map { $0["version"] } == ["1", "2", "3"])
                    #expect(recorded.map { $0["name"] } == ["create_virtual_keys", "create_probes", "add_key_notes"])
                    // Keys written before the new column are still read, and new ones still written.
                    var later = Self.key
                    later.id = "key_later"
                    later.name = "later"
                    later.secretHash = String(repeating: "f", count: 64)
                    later.createdAt = Self.key.createdAt.addingTimeInterval(60)
                    #expect(try await store.allKeys() == (pass == 1 ? [Self.key] : [Self.key, later]))
                    if pass == 1 {
                        try await store.insert(later)
                    }
                }
            }
        }
    }

    @Test func anInMemoryDatabaseIsMigratedOnEveryOpen() async throws {
        for _ in 0..<2 {
            try await SQLiteStore.withStore(
                configuration: .init(location: .inMemory, queryLogLevel: nil),
                logger: quietLogger
            ) { store async throws in
                #expect(store.schemaVersion == StorageSchema.migrations.count)
                #expect(try await store.main.rawRows("SELECT version FROM schema_migrations").count == StorageSchema.migrations.count)
            }
        }
    }
}
