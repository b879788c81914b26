import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardStorage

@Suite("SQLiteStore errors")
struct SQLiteStoreErrorTests {
    private let key = VirtualKey(
        id: "key_1",
        name: "ci-bot",
        secretHash: String(repeating: "0", count: 63) + "1",
        secretPrefix: "sy-1",
        createdAt: Date(timeIntervalSince1970: 1_749_988_800)
    )

    /// No SQL, table or column names reach the caller's message.
    private func expectNoSQL(in message: String?, sourceLocation: SourceLocation = #_sourceLocation) {
        for word in ["SELECT", "INSERT", "UPDATE", "PRAGMA", "virtual_keys", "secret_hash", "sqlite_"] {
            #expect(message?.contains(word) == false, "message leaks \(word)", sourceLocation: sourceLocation)
        }
    }

    @Test func aDirectoryThatDoesNotExistFailsToOpen() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("missing/switchyard.db").path
            var bodyRan = false
            let error = await #expect(throws: SwitchyardError.self) {
                try await SQLiteStore.withStore(
                    configuration: .init(location: .file(path: path), queryLogLevel: nil),
                    logger: quietLogger
                ) { _ in
                    bodyRan = true
                }
            }
            #expect(!bodyRan)
            #expect(error?.code == .internalError)
            #expect(error?.message == "The store failed: opening the SQLite database at \(path).")
            #expect(error?.cause != nil)
        }
    }

    @Test func aFileThatIsNotADatabaseFailsToOpen() async throws {
        try await withTemporaryDirectory { directory in
            let url = directory.appendingPathComponent("switchyard.db")
            try Data(repeating: 0x5A, count: 8192).write(to: url)
            let error = await #expect(throws: SwitchyardError.self) {
                try await SQLiteStore.withStore(configuration: .file(in: directory), logger: quietLogger) { _ in }
            }
            #expect(error?.code == .internalError)
            #expect(error?.message.hasPrefix("The store failed: ") == true)
            #expect(error?.message.contains(url.path) == true)
            #expect(error?.cause?.contains("not a database") == true)
            expectNoSQL(in: error?.message)
        }
    }

    @Test func queryFailuresBecomeInternalErrorsWithoutSQL() async throws {
        try await SQLiteStore.withStore(
            configuration: .init(location: .inMemory, queryLogLevel: nil),
            logger: quietLogger
        ) { store in
            try await store.insert(key)
            try await store.main.rawExecute("DROP TABLE virtual_keys")

            let operations: [(String, @Sendable () async throws -> Void)] = [
                ("saving key 'key_2'.", { try await store.insert(VirtualKey(id: "key_2", name: "n", secretHash: "h", secretPrefix: "p", createdAt: Date())) }),
                ("looking up a key by secret hash.", { _ = try await store.key(secretHash: "h") }),
                ("looking up key 'key_1'.", { _ = try await store.key(id: "key_1") }),
                ("listing keys.", { _ = try await store.allKeys() }),
                ("revoking key 'key_1'.", { _ = try await store.revoke(id: "key_1", at: Date()) }),
                ("counting active keys.", { _ = try await store.activeKeyCount(at: Date()) }),
            ]
            for (operation, run) in operations {
                let error = await #expect(throws: SwitchyardError.self) { try await run() }
                #expect(error?.code == .internalError)
                #expect(error?.message == "The store failed: \(operation)")
                #expect(error?.cause?.contains("no such table") == true)
                expectNoSQL(in: error?.message)
            }
        }
    }

    @Test func aMalformedStoredKeyIsAnInternalError() async throws {
        try await SQLiteStore.withStore(
            configuration: .init(location: .inMemory, queryLogLevel: nil),
            logger: quietLogger
        ) { store in
            try await store.insert(key)
            try await store.main.rawExecute("UPDATE virtual_keys SET metadata = 'not json'")
            let error = await #expect(throws: SwitchyardError.self) {
                try await store.key(secretHash: key.secretHash)
            }
            #expect(error?.code == .internalError)
            #expect(error?.message == "The store failed: looking up a key by secret hash.")
        }
    }

    @Test func duplicatesAreInvalidRequestsThatNameTheRule() async throws {
        try await SQLiteStore.withStore(
            configuration: .init(location: .inMemory, queryLogLevel: nil),
            logger: quietLogger
        ) { store in
            try await store.insert(key)

            var sameID = key
            sameID.secretHash = "other-hash"
            sameID.name = "other-name"
            var sameHash = key
            sameHash.id = "key_2"
            sameHash.name = "other-name"
            var sameName = key
            sameName.id = "key_3"
            sameName.secretHash = "third-hash"
            let cases = [
                (sameID, "A key with id 'key_1' already exists."),
                (sameHash, "A key with the same secret hash already exists."),
                (sameName, "An active key named 'ci-bot' already exists; revoke it or choose another name."),
            ]
            for (duplicate, message) in cases {
                let error = await #expect(throws: SwitchyardError.self) {
                    try await store.insert(duplicate)
                }
                #expect(error?.code == .invalidRequest)
                #expect(error?.message == message)
                expectNoSQL(in: error?.message)
            }
        }
    }
}
