import Foundation
import Logging
import MetricsTestKit
import ServiceLifecycle
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
