import Foundation
import Logging
import MetricsTestKit
import ServiceLifecycle
import Synchronization
import SwitchyardCore
import SwitchyardEngine
import SwitchyardStorage
import Testing

@Suite("Batch writer (the ledger)")
struct BatchWriterTests {
    static let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    static func entry(_ id: String) -> LedgerEntry {
        LedgerEntry(
            requestID: id,
            recordedAt: Date(),
            day: "2026-11-23",
            model: "fast",
            usage: Usage(inputTokens: 10, outputTokens: 5),
            cost: Money(nanodollars: 25_000),
            latencyMilliseconds: 12,
            overheadMicroseconds: 300,
            outcome: "ok",
            streamed: false
        )
    }

    static func ledgerWriter(_ store: InMemoryStore) -> BatchWriter<LedgerEntry> {
        BatchWriter(name: "ledger", logger: logger) { try await store.append($0) }
    }

    /// Runs `writer` in a service group for the length of `body`, then shuts it down gracefully.
    static func running(_ writer: BatchWriter<LedgerEntry>, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(services: [writer], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("write returns once the entry is in the store; 1,000 concurrent writes all land, in batches")
    func groupCommit() async throws {
        let store = InMemoryStore()
        let writer = Self.ledgerWriter(store)
        try await Self.running(writer) {
            await writer.write(Self.entry("first"))
            #expect(try await store.entry(requestID: "first") != nil)
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<1_000 {
                    group.addTask { await writer.write(Self.entry("call-\(index)")) }
                }
            }
            let total = try await store.usage(UsageQuery())
            #expect(total.first?.requests == 1_001)
            #expect(total.first?.cost == Money(nanodollars: 25_025_000))
        }
    }

    /// Marks the task a test calls `write` from, so that `append` can tell who commits.
    @TaskLocal static var caller: String?

    /// An append that records which task committed each batch (as it starts) and each batch (once stored), holds a
    /// gated caller's commit, and fails as often as `failNext` says.
    final class RecordingStore: Sendable {
        let store = InMemoryStore()
        private let state = Mutex<(batches: [[String]], committers: [String?], gated: String?, failures: Int)>(([], [], nil, 0))

        var batches: [[String]] { state.withLock { $0.batches } }
        var committers: [String?] { state.withLock { $0.committers } }

        /// Holds the commits made from `caller`'s task until ``openGate()``.
        func closeGate(for caller: String) { state.withLock { $0.gated = caller } }
        func openGate() { state.withLock { $0.gated = nil } }
        func failNext(_ count: Int) { state.withLock { $0.failures = count } }

        func append(_ entries: [LedgerEntry]) async throws {
            let caller = BatchWriterTests.caller
            state.withLock { $0.committers.append(caller) }
            while caller != nil, state.withLock({ $0.gated == caller }) {
                try? await Task.sleep(for: .milliseconds(5))
            }
            let fails = state.withLock { state in
                guard state.failures > 0 else { return false }
                state.failures -= 1
                return true
            }
            if fails { throw CancellationError() }
            try await store.append(entries)
            state.withLock { $0.batches.append(entries.map(\.requestID)) }
        }
    }

    /// A flag one task sets and another reads.
    final class Flag: Sendable {
        private let value = Mutex(false)

        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    @Test("An idle writer's caller commits its own entry; what comes meanwhile is one batch for the writer")
    func callerCommitsWhenIdle() async throws {
        let recording = RecordingStore()
        let writer = BatchWriter<LedgerEntry>(name: "ledger", logger: Self.logger) { try await recording.append($0) }
        try await Self.running(writer) {
            await Self.$caller.withValue("first") { await writer.write(Self.entry("first")) }
            #expect(recording.committers == ["first"])
            #expect(recording.batches == [["first"]])

            recording.closeGate(for: "held")
            async let held: Void = Self.$caller.withValue("held") { await writer.write(Self.entry("held")) }
            while recording.committers.count < 2 { try await Task.sleep(for: .milliseconds(5)) }
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    group.addTask { writer.submit(Self.entry("queued-\(index)")) }
                }
                group.addTask {
                    try? await Task.sleep(for: .milliseconds(50))
                    recording.openGate()
                }
            }
            await held
            while recording.batches.count < 3 { try await Task.sleep(for: .milliseconds(5)) }
            #expect(recording.batches[1] == ["held"])
            #expect(recording.batches[2].count == 10, "the entries queued during a caller's commit go as one batch")
            #expect(recording.committers[2] == nil, "the writer commits the queued batch")
            // Idle again: the next caller commits its own entry.
            await Self.$caller.withValue("last") { await writer.write(Self.entry("last")) }
            #expect(recording.committers.last == "last")
        }
        #expect(try await recording.store.usage(UsageQuery()).first?.requests == 13)
    }

    @Test("A caller whose own commit fails goes on, and the writer commits its entry")
    func failedOwnCommitIsRetried() async throws {
        let recording = RecordingStore()
        recording.failNext(1)
        let writer = BatchWriter<LedgerEntry>(name: "ledger", logger: Self.logger) { try await recording.append($0) }
        try await Self.running(writer) {
            await Self.$caller.withValue("caller") { await writer.write(Self.entry("retried")) }
            while recording.batches.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            #expect(recording.committers == ["caller", nil])
        }
        #expect(try await recording.store.entry(requestID: "retried") != nil)
    }

    @Test("Graceful shutdown waits for a caller's own commit, then writes what queued meanwhile")
    func shutdownWaitsForOwnCommit() async throws {
        let recording = RecordingStore()
        let writer = BatchWriter<LedgerEntry>(name: "ledger", logger: Self.logger) { try await recording.append($0) }
        let group = ServiceGroup(services: [writer], logger: Self.logger)
        let stopped = Flag()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await group.run()
                stopped.set()
            }
            recording.closeGate(for: "held")
            tasks.addTask { await Self.$caller.withValue("held") { await writer.write(Self.entry("held")) } }
            while recording.committers.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
            for index in 0..<5 {
                writer.submit(Self.entry("queued-\(index)"))
            }
            await group.triggerGracefulShutdown()
            try await Task.sleep(for: .milliseconds(100))
            #expect(!stopped.isSet, "the writer does not stop while a caller's commit is in flight")
            recording.openGate()
            try await tasks.waitForAll()
        }
        #expect(try await recording.store.usage(UsageQuery()).first?.requests == 6)
    }

    @Test("Graceful shutdown writes every queued entry before the writer stops")
    func drainsOnShutdown() async throws {
        let store = InMemoryStore()
        let writer = Self.ledgerWriter(store)
        try await Self.running(writer) {
            for index in 0..<500 {
                writer.submit(Self.entry("queued-\(index)"))
            }
        }
        #expect(try await store.usage(UsageQuery()).first?.requests == 500)
    }

    @Test("A full queue drops and counts the entry instead of blocking the caller")
    func fullQueue() async throws {
        let store = InMemoryStore()
        let metrics = TestMetrics()
        var settings = BatchWriter<LedgerEntry>.Settings()
        settings.capacity = 2
        // Not running: nothing drains the queue.
        let writer = BatchWriter<LedgerEntry>(name: "ledger", settings: settings, metrics: GatewayMetrics(factory: metrics), logger: Self.logger) { try await store.append($0) }
        writer.submit(Self.entry("a"))
        writer.submit(Self.entry("b"))
        await writer.write(Self.entry("c"))
        #expect(metrics.counterTotal(label: "switchyard_writes_dropped_total", dimensions: [("queue", "ledger")]) == 1)
    }
}
