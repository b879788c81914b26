import Foundation
import SwitchyardConformance
import SwitchyardCore
import Testing

@testable import SwitchyardStorage

@Suite("SQLiteStore: the request log's own file", .timeLimit(.minutes(1)))
struct SQLiteRequestLogFileTests {
    private static func entry(_ number: Int) -> RequestLogEntry {
        RequestLogEntry(
            requestID: "req_\(number)",
            startedAt: Date(timeIntervalSince1970: 1_749_988_800 + Double(number)),
            durationMicroseconds: 1_000,
            overheadMicroseconds: 100,
            api: "openai.chat_completions",
            keyID: "key_1",
            model: "fast",
            status: 200,
            outcome: "ok",
            streamed: false,
            attempts: [.init(provider: "openai", model: "gpt-4o-mini", startMicroseconds: 10, durationMicroseconds: 900, failure: nil, wasSent: true)]
        )
    }

    private static func ledgerEntry(_ number: Int) -> LedgerEntry {
        LedgerEntry(
            requestID: "req_\(number)",
            recordedAt: Date(timeIntervalSince1970: 1_749_988_800 + Double(number)),
            day: "2025-06-15",
            model: "fast",
            usage: .zero,
            cost: Money(nanodollars: 1_000),
            latencyMilliseconds: 1,
            overheadMicroseconds: 100,
            outcome: "ok",
            streamed: false
        )
    }

    /// Holds `database`'s writer connection until `body` returns; `body` would wait forever for anything that
    /// needed that connection (the suite's time limit turns such a wait into a failure).
    private func whileHoldingWriter(of database: SQLiteDatabase, _ body: () async throws -> Void) async throws {
        let (held, heldContinuation) = AsyncStream<Void>.makeStream()
        let (release, releaseContinuation) = AsyncStream<Void>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await database.writer.withConnection { _ in
                    heldContinuation.yield()
                    for await _ in release { break }
                }
            }
            for await _ in held { break }
            defer { releaseContinuation.finish() }
            try await body()
            releaseContinuation.finish()
            try await group.waitForAll()
        }
    }

    @Test func ledgerCommitsNeverWaitForTheRequestLogsWriterNorTheOtherWayRound() async throws {
        try await withTemporaryDirectory { directory in
            try await SQLiteStore.withStore(configuration: .file(in: directory), logger: quietLogger) { store in
                try await whileHoldingWriter(of: store.requestLog) {
                    try await store.append([Self.ledgerEntry(1)])
                    try await store.insert(
                        VirtualKey(id: "key_1", name: "one", secretHash: String(repeating: "ab", count: 32), secretPrefix: "sy-1", createdAt: .now)
                    )
                }
                try await whileHoldingWriter(of: store.main) {
                    try await store.appendRequests([Self.entry(1)])
                    #expect(try await store.deleteRequests(startedBefore: .distantFuture, limit: 10) == 1)
                }
                #expect(try await store.entry(requestID: "req_1") != nil)
            }
        }
    }

    @Test func anEarlierBuildsRequestLogTableMovesToTheFileOnOpen() async throws {
        try await withTemporaryDirectory { directory in
            let configuration = SQLiteStore.Configuration.file(in: directory)
            // An earlier build's main file: the shared schema, request log included, with three entries in it.
            let legacy = try await SQLiteDatabase.open(
                configuration.location,
                configuration: configuration,
                migrations: StorageSchema.migrations,
                logger: quietLogger
            )
            try await legacy.writing("filling the legacy request log.") { database in
                try await RequestLogQueries.append((1...3).map { RequestLogRecord(Self.entry($0)) }, on: database)
            }
            await legacy.close()
            // The request log's file already holds one of them, as after a crash between the two files' commits.
            let log = try await SQLiteDatabase.open(
                configuration.requestLogLocation,
                configuration: configuration,
                migrations: RequestLogSchema.migrations,
                logger: quietLogger
            )
            try await log.writing("writing one entry.") { database in
                try await RequestLogQueries.append([RequestLogRecord(Self.entry(2))], on: database)
            }
            await log.close()

            for _ in 0..<2 {
                try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store in
                    for number in 1...3 {
                        #expect(try await store.request(id: "req_\(number)") == Self.entry(number))
                    }
                    #expect(try await store.requests(RequestLogQuery(limit: 10)).entries.count == 3)
                    let tables = try await store.main.rawRows("SELECT name FROM sqlite_master WHERE name LIKE 'request_log%'")
                    #expect(tables.isEmpty)
                    #expect(store.schemaVersion == 3)
                }
            }
        }
    }

    @Test func theRequestLogCannotShareTheMainFile() async throws {
        try await withTemporaryDirectory { directory in
            var configuration = SQLiteStore.Configuration.file(in: directory)
            configuration.requestLogPath = directory.appendingPathComponent("switchyard.db").path
            let error = await #expect(throws: SwitchyardError.self) {
                try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { _ in }
            }
            #expect(error?.code == .invalidRequest)
            #expect(error?.message.contains("a file of its own") == true)
        }
    }

    @Test func anInMemoryStoreKeepsItsRequestLogInMemory() async throws {
        let configuration = SQLiteStore.Configuration(location: .inMemory, queryLogLevel: nil)
        try await SQLiteStore.withStore(configuration: configuration, logger: quietLogger) { store in
            #expect(store.requestLog.location == .inMemory)
            #expect(try await store.main.rawRows("SELECT name FROM sqlite_master WHERE name = 'request_log'").isEmpty)
            try await store.appendRequests([Self.entry(1)])
            #expect(try await store.request(id: "req_1") == Self.entry(1))
            try await store.checkHealth()
        }
    }
}
