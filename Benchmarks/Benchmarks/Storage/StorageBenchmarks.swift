import Benchmark
import Foundation
import Logging
import SwitchyardCore
import SwitchyardStorage

/// What the SQLite store's writes cost: a call's ledger row (committed before the client gets the end of its
/// answer) and a batch of request-log entries as the request-log writer hands it over (200 ms of traffic at
/// 1,000 calls a second), each on an in-memory database so that the figure is the encoding, binding and SQLite's
/// own work rather than the disk's.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(2),
        maxIterations: 100_000
    )
    let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })

    Benchmark("Ledger: one call's row") { benchmark in
        try await SQLiteStore.withStore(configuration: .inMemory, logger: logger) { store in
            var number = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                number += 1
                try await store.append([StorageFixture.ledgerEntry(number)])
            }
            benchmark.stopMeasurement()
        }
    }

    Benchmark("Request log: a batch of 200 entries", configuration: .init(maxIterations: 1_000)) { benchmark in
        try await SQLiteStore.withStore(configuration: .inMemory, logger: logger) { store in
            var batch = 0
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                batch += 1
                try await store.appendRequests((0..<200).map { StorageFixture.requestLogEntry(batch * 1_000 + $0) })
            }
            benchmark.stopMeasurement()
        }
    }
}

/// Entries shaped like a plain call's: one stage list, one attempt, usage and cost.
enum StorageFixture {
    static let start = Date(timeIntervalSince1970: 1_764_892_800)

    static func ledgerEntry(_ number: Int) -> LedgerEntry {
        LedgerEntry(
            requestID: "req_\(number)",
            recordedAt: start.addingTimeInterval(Double(number) / 1_000),
            day: "2025-12-05",
            keyID: "key_research",
            tenant: "research",
            model: "fast",
            provider: "openai",
            usage: Usage(inputTokens: 1_200, outputTokens: 300),
            cost: Money(nanodollars: 360_000),
            latencyMilliseconds: 412,
            overheadMicroseconds: 480,
            outcome: "ok",
            streamed: false
        )
    }

    static func requestLogEntry(_ number: Int) -> RequestLogEntry {
        RequestLogEntry(
            requestID: "req_\(number)",
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
            startedAt: start.addingTimeInterval(Double(number) / 1_000),
            durationMicroseconds: 412_345,
            overheadMicroseconds: 480,
            api: "openai.chat_completions",
            keyID: "key_research",
            keyName: "research-agents",
            tenant: "research",
            model: "fast",
            provider: "openai",
            status: 200,
            outcome: "ok",
            streamed: false,
            routingDecisions: ["alias fast: openai/gpt-4o-mini first (priority)"],
            stages: [
                .init(name: "authentication", startMicroseconds: 5, durationMicroseconds: 12, refusal: nil, message: nil),
                .init(name: "quotas", startMicroseconds: 20, durationMicroseconds: 9, refusal: nil, message: nil),
                .init(name: "routing", startMicroseconds: 31, durationMicroseconds: 411_900, refusal: nil, message: nil),
            ],
            attempts: [
                .init(provider: "openai", model: "gpt-4o-mini", startMicroseconds: 40, durationMicroseconds: 411_800, failure: nil, wasSent: true)
            ],
            usage: Usage(inputTokens: 1_200, outputTokens: 300),
            cost: Money(nanodollars: 360_000),
            capture: .metadata
        )
    }
}
