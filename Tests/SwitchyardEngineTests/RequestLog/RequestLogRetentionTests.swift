import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import SwitchyardCore
import SwitchyardEngine
import SwitchyardStorage
import Testing

@Suite("Request-log retention")
struct RequestLogRetentionTests {
    static let now = Date(timeIntervalSince1970: 1_750_000_000)
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func entry(_ id: String, daysAgo: Double) -> RequestLogEntry {
        RequestLogEntry(
            requestID: id,
            startedAt: now.addingTimeInterval(-daysAgo * 86_400),
            durationMicroseconds: 1,
            overheadMicroseconds: 1,
            api: "openai.chat_completions",
            model: "fast",
            status: 200,
            outcome: "ok",
            streamed: false
        )
    }

    /// A store that records the limit of every delete it is asked for.
    final class RecordingStore: RequestLogStore {
        let inner = InMemoryStore()
        let deletes = Mutex<[Int]>([])

        func appendRequests(_ entries: [RequestLogEntry]) async throws { try await inner.appendRequests(entries) }
        func requests(_ query: RequestLogQuery) async throws -> RequestLogPage { try await inner.requests(query) }
        func request(id: String) async throws -> RequestLogEntry? { try await inner.request(id: id) }
        func deleteRequests(startedBefore date: Date, limit: Int) async throws -> Int {
            let deleted = try await inner.deleteRequests(startedBefore: date, limit: limit)
            deletes.withLock { $0.append(deleted) }
            return deleted
        }
    }

    @Test("A purge deletes everything past the retention period, batch by batch, and nothing newer")
    func purgeInBatches() async throws {
        let store = RecordingStore()
        let old = (0..<7).map { Self.entry("old_\($0)", daysAgo: 31 + Double($0)) }
        let recent = [Self.entry("recent_1", daysAgo: 29.9), Self.entry("recent_2", daysAgo: 0)]
        try await store.appendRequests(old + recent)
        let retention = RequestLogRetention(
            store: store,
            settings: RequestLogSettings(retentionDays: 30),
            batchSize: 3,
            batchPause: .milliseconds(1),
            clock: ContinuousClock(),
            now: { Self.now },
            logger: Self.logger
        )
        #expect(try await retention.purge() == 7)
        #expect(store.deletes.withLock { $0 } == [3, 3, 1], "stops at the first short batch")
        let remaining = try await store.requests(RequestLogQuery(limit: 100)).entries.map(\.requestID)
        #expect(remaining == ["recent_2", "recent_1"])
        #expect(try await retention.purge() == 0)
    }

    @Test("The service purges every interval until graceful shutdown, then returns")
    func runsUntilShutdown() async throws {
        let store = InMemoryStore()
        try await store.appendRequests([Self.entry("old_1", daysAgo: 40), Self.entry("recent", daysAgo: 1)])
        let retention = RequestLogRetention(
            store: store,
            settings: RequestLogSettings(retentionDays: 30, retentionInterval: .milliseconds(20)),
            batchSize: 2,
            clock: ContinuousClock(),
            now: { Self.now },
            logger: Self.logger
        )
        let group = ServiceGroup(services: [retention], gracefulShutdownSignals: [], logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Self.waitUntil { try await store.request(id: "old_1") == nil }
            // Entries that expire later are found by a later round.
            try await store.appendRequests([Self.entry("old_2", daysAgo: 50), Self.entry("old_3", daysAgo: 60)])
            try await Self.waitUntil {
                let second = try await store.request(id: "old_2")
                let third = try await store.request(id: "old_3")
                return second == nil && third == nil
            }
            #expect(try await store.request(id: "recent") != nil)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("With retention off it deletes nothing and still stops on shutdown")
    func off() async throws {
        let store = InMemoryStore()
        try await store.appendRequests([Self.entry("ancient", daysAgo: 4_000)])
        let retention = RequestLogRetention(
            store: store,
            settings: RequestLogSettings(retentionDays: 0, retentionInterval: .milliseconds(1)),
            clock: ContinuousClock(),
            now: { Self.now },
            logger: Self.logger
        )
        let group = ServiceGroup(services: [retention], gracefulShutdownSignals: [], logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await Task.sleep(for: .milliseconds(50))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(try await store.request(id: "ancient") != nil)
    }

    /// Polls `condition` until it holds; fails the test after 10 s (a bound on a hang, not a timing assertion).
    static func waitUntil(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while try await !condition() {
            try #require(ContinuousClock.now < deadline, "the condition never held")
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
