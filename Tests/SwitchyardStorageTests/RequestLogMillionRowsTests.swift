import Foundation
import SQLiteKit
import SwitchyardCore
@testable import SwitchyardStorage
import Testing

/// The request log at scale: 1,000,000 synthetic rows in an SQLite file, queried the way the admin API queries it.
///
/// It asserts only what the queries return; the wall times are printed (`scripts/bench/request-log-queries.sh`
/// runs it in release mode and the figures are in `docs/performance.md`).
///
/// Row `i` (0 ≤ i < 1,000,000) is `req_{i, 7 digits}`, started at `base + (i / 2) × 5 s` (so rows pair up on one
/// millisecond), made with key `key_{i % 100}` for model `fast`/`smart`/`cheap`/`long` by `i % 4`, answered 502
/// when `i % 50 == 0`, 429 when `i % 20 == 0` otherwise, else 200. Newest first is therefore `i` descending.
///
/// It saturates this machine's disk and both cores for half a minute, so it runs on its own, after the other
/// suites: `scripts/test.sh` runs it as a separate step with `SWITCHYARD_MILLION_ROWS=1`.
@Suite(
    "Request log: 1,000,000 rows in SQLite",
    .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["SWITCHYARD_MILLION_ROWS"] == "1", "runs alone: SWITCHYARD_MILLION_ROWS=1")
)
struct RequestLogMillionRowsTests {
    static let rowCount = 1_000_000
    static let base: Int64 = 1_735_689_600_000  // 2025-01-01T00:00:00Z

    static func startedAt(_ index: Int) -> Int64 { base + Int64(index / 2) * 5_000 }
    static func date(_ index: Int) -> Date { Date(millisecondsSince1970: startedAt(index)) }
    static func id(_ index: Int) -> String { "req_" + String(repeating: "0", count: max(0, 7 - String(index).count)) + String(index) }
    static func ids(_ indices: some Sequence<Int>) -> [String] { indices.map(id) }

    /// Fills the table in one transaction with one `INSERT … SELECT` over a recursive counter: SQLite generates the
    /// rows itself, the fastest honest way to a million rows through the real schema and indexes.
    static func fill(_ store: SQLiteStore) async throws {
        try await store.requestLog.writer.withConnection { connection in
            _ = try await connection.query("BEGIN IMMEDIATE")
            _ = try await connection.query(
                """
                WITH RECURSIVE counter(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM counter WHERE i < \(rowCount - 1))
                INSERT INTO request_log (
                    request_id, started_at, trace_id, duration_us, overhead_us, time_to_first_token_us, api, key_id,
                    key_name, tenant, agent, user_id, session_id, model, provider, status, outcome, error_message,
                    streamed, routing_decisions, stages, attempts, input_tokens, cache_read_tokens, cache_write_tokens,
                    cache_write_1h_tokens, output_tokens, reasoning_tokens, cost_nanodollars, capture, request_body,
                    response_body
                )
                SELECT
                    printf('req_%07d', i), \(base) + (i / 2) * 5000, NULL, 412345, 1800, NULL, 'openai.chat_completions',
                    'key_' || (i % 100), 'bench', 'research', NULL, NULL, NULL,
                    CASE i % 4 WHEN 0 THEN 'fast' WHEN 1 THEN 'smart' WHEN 2 THEN 'cheap' ELSE 'long' END, 'upstream',
                    CASE WHEN i % 50 = 0 THEN 502 WHEN i % 20 = 0 THEN 429 ELSE 200 END,
                    CASE WHEN i % 50 = 0 THEN 'upstream_error' WHEN i % 20 = 0 THEN 'rate_limited' ELSE 'ok' END, NULL,
                    0, '[]',
                    '[{"duration_us":412300,"name":"metering","start_us":0}]',
                    '[{"duration_us":410000,"model":"gpt-4o-mini","provider":"upstream","sent":true,"start_us":300}]',
                    1200, 800, 0, 0, 96, 0, 812000, 'metadata', NULL, NULL
                FROM counter
                """
            )
            _ = try await connection.query("COMMIT")
        }
    }

    /// Runs `body` five times and prints the first and the best wall time.
    static func measure<Result>(_ label: String, _ body: () async throws -> Result) async throws -> Result {
        let clock = ContinuousClock()
        var result: Result?
        var times: [Duration] = []
        for _ in 0..<5 {
            let start = clock.now
            result = try await body()
            times.append(clock.now - start)
        }
        print("request-log bench: \(label): first \(milliseconds(times[0])), best of 5 \(milliseconds(times.min()!))")
        return result!
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return "\((value * 100).rounded() / 100) ms"
    }

    @Test("Filtered, paginated queries over a million rows return exactly the right pages")
    func queries() async throws {
        try await withTemporaryDirectory { directory in
            try await SQLiteStore.withStore(configuration: .file("bench.db", in: directory), logger: quietLogger) { store in
                let clock = ContinuousClock()
                let fillStart = clock.now
                try await Self.fill(store)
                print("request-log bench: filled \(Self.rowCount) rows in \(Self.milliseconds(clock.now - fillStart))")

                let first = try await Self.measure("newest page, no filter (limit 50)") {
                    try await store.requests(RequestLogQuery(limit: 50))
                }
                #expect(first.entries.map(\.requestID) == Self.ids(stride(from: 999_999, to: 999_949, by: -1)))
                #expect(first.entries.first?.startedAt == Self.date(999_999))
                #expect(first.entries.first?.attempts.first?.model == "gpt-4o-mini")

                let byKey = try await Self.measure("by key (1 key in 100, limit 50)") {
                    try await store.requests(RequestLogQuery(keyID: "key_42", limit: 50))
                }
                #expect(byKey.entries.map(\.requestID) == Self.ids(stride(from: 999_942, to: 0, by: -100).prefix(50)))

                let byModel = try await Self.measure("by model (1 in 4, limit 100)") {
                    try await store.requests(RequestLogQuery(model: "smart", limit: 100))
                }
                #expect(byModel.entries.map(\.requestID) == Self.ids(stride(from: 999_997, to: 0, by: -4).prefix(100)))

                let byStatus = try await Self.measure("by status 502 (1 in 50, limit 100)") {
                    try await store.requests(RequestLogQuery(status: 502, limit: 100))
                }
                #expect(byStatus.entries.map(\.requestID) == Self.ids(stride(from: 999_950, to: 0, by: -50).prefix(100)))

                let range = try await Self.measure("time range of 100 rows mid-log (limit 1000)") {
                    try await store.requests(RequestLogQuery(since: Self.date(400_000), until: Self.date(400_100), limit: 1000))
                }
                #expect(range.entries.map(\.requestID) == Self.ids(stride(from: 400_099, through: 400_000, by: -1)))
                #expect(range.nextCursor == nil)

                let deepCursor = RequestLogCursor(startedAtMilliseconds: Self.startedAt(500_001), requestID: Self.id(500_001))
                let deep = try await Self.measure("cursor page half-way down the log (limit 50)") {
                    try await store.requests(RequestLogQuery(limit: 50, cursor: deepCursor))
                }
                #expect(deep.entries.map(\.requestID) == Self.ids(stride(from: 500_000, to: 499_950, by: -1)), "the tie at 500,000 included")

                let keyDeep = try await Self.measure("by key and time range, second page via cursor (limit 50)") {
                    let query = RequestLogQuery(keyID: "key_7", since: Self.date(100_000), until: Self.date(900_000), limit: 50)
                    let page = try await store.requests(query)
                    return try await store.requests(RequestLogQuery(keyID: "key_7", since: Self.date(100_000), until: Self.date(900_000), limit: 50, cursor: page.nextCursor))
                }
                #expect(keyDeep.entries.map(\.requestID) == Self.ids(stride(from: 899_907, to: 0, by: -100).dropFirst(50).prefix(50)))

                let one = try await Self.measure("one request by id") { try await store.request(id: Self.id(123_456)) }
                #expect(one?.status == 200)
                #expect(one?.model == "fast")
                #expect(one?.keyID == "key_56")
            }
        }
    }

    @Test("Retention deletes 100,000 old rows in batches while appends and queries keep completing")
    func retentionDoesNotBlock() async throws {
        try await withTemporaryDirectory { directory in
            try await SQLiteStore.withStore(configuration: .file("bench.db", in: directory), logger: quietLogger) { store in
                try await Self.fill(store)
                let clock = ContinuousClock()
                let cutoff = Self.date(100_000)
                let batchSize = 5_000

                // The retention service's loop: batches of 5,000 with a short pause, until a batch comes back short.
                async let purge: (deleted: Int, batches: Int, elapsed: Duration) = {
                    let start = clock.now
                    var deleted = 0
                    var batches = 0
                    while true {
                        let batch = try await store.deleteRequests(startedBefore: cutoff, limit: batchSize)
                        deleted += batch
                        batches += 1
                        if batch < batchSize { break }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                    return (deleted, batches, clock.now - start)
                }()

                // Meanwhile, what requests do: append their entries and the admin API reads pages.
                var appendTimes: [Duration] = []
                var queryTimes: [Duration] = []
                for number in 0..<100 {
                    let entry = RequestLogEntry(
                        requestID: "live_\(number)",
                        startedAt: Date(millisecondsSince1970: Self.startedAt(999_999) + 1 + Int64(number)),
                        durationMicroseconds: 1_000,
                        overheadMicroseconds: 100,
                        api: "openai.chat_completions",
                        keyID: "key_live",
                        model: "fast",
                        status: 200,
                        outcome: "ok",
                        streamed: false
                    )
                    var start = clock.now
                    try await store.appendRequests([entry])
                    appendTimes.append(clock.now - start)
                    start = clock.now
                    let page = try await store.requests(RequestLogQuery(keyID: "key_live", limit: 10))
                    queryTimes.append(clock.now - start)
                    #expect(page.entries.first?.requestID == "live_\(number)")
                }
                let (deleted, batches, elapsed) = try await purge

                #expect(deleted == 100_000)
                #expect(batches == 21, "20 full batches, then an empty one")
                #expect(try await store.requests(RequestLogQuery(until: cutoff, limit: 1)).entries.isEmpty)
                let oldest = try await store.requests(RequestLogQuery(until: Self.date(100_002), limit: 10))
                #expect(oldest.entries.map(\.requestID) == Self.ids([100_001, 100_000]), "nothing newer than the cutoff went")
                #expect(try await store.requests(RequestLogQuery(keyID: "key_live", limit: 1000)).entries.count == 100)

                func summary(_ times: [Duration]) -> String {
                    let sorted = times.sorted()
                    return "median \(Self.milliseconds(sorted[sorted.count / 2])), max \(Self.milliseconds(sorted.last!))"
                }
                print("request-log bench: retention deleted \(deleted) rows in \(batches) batches in \(Self.milliseconds(elapsed))")
                print("request-log bench: concurrent appends (100): \(summary(appendTimes))")
                print("request-log bench: concurrent key queries (100): \(summary(queryTimes))")
            }
        }
    }
}
