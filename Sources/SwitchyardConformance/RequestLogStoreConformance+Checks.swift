import Foundation
import SwitchyardCore
import Testing

extension RequestLogStoreConformance {
    static func roundTrip(_ store: any RequestLogStore) async throws {
        #expect(try await store.request(id: "req_full") == nil)

        let full = RequestLogEntry(
            requestID: "req_full",
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
            startedAt: Date(timeIntervalSince1970: 1_749_988_800.123),
            durationMicroseconds: 412_345,
            overheadMicroseconds: 1_812,
            timeToFirstTokenMicroseconds: 290_001,
            api: "anthropic.messages",
            keyID: "key_3f9a",
            keyName: "ci-bot",
            tenant: "acme/research",
            agent: "Ünïcödé agent 🚂",
            user: "user \"quoted\" 'single'",
            session: "s-42",
            model: "fast",
            provider: "anthropic",
            status: 200,
            outcome: "ok",
            errorMessage: "first attempt: 503\nretried",
            streamed: true,
            routingDecisions: ["rule long-context chose alias long", "fallback to anthropic/claude-haiku-4-5 after upstream_error"],
            stages: [
                RequestLogEntry.Stage(name: "metering", startMicroseconds: 0, durationMicroseconds: 412_300),
                RequestLogEntry.Stage(name: "budget", startMicroseconds: 200, durationMicroseconds: 411_900, refusal: nil, message: "lease topped up"),
                RequestLogEntry.Stage(name: "policy", startMicroseconds: 100, durationMicroseconds: 5, refusal: "policy_violation", message: "blocked \"word\""),
            ],
            attempts: [
                RequestLogEntry.Attempt(provider: "openai", model: "gpt-4o", startMicroseconds: 400, durationMicroseconds: 120_400, failure: "upstream_error", wasSent: true),
                RequestLogEntry.Attempt(provider: "gemini", model: "gemini-2.5-flash", startMicroseconds: 120_900, durationMicroseconds: 0, failure: "circuit_open", wasSent: false),
                RequestLogEntry.Attempt(provider: "anthropic", model: "claude-haiku-4-5", startMicroseconds: 121_000, durationMicroseconds: 290_200, failure: nil, wasSent: true),
            ],
            usage: Usage(
                inputTokens: 1_203,
                cacheReadTokens: 800,
                cacheWriteTokens: 345,
                cacheWrite1hTokens: 6_789,
                outputTokens: 96,
                reasoningTokens: 2_000_000_000
            ),
            cost: Money(nanodollars: 9_223_372_036_854_775_000),
            capture: .redacted,
            requestBody: #"{"messages":[{"role":"user","content":"mail [REDACTED:EMAIL] ✓"}]}"#,
            responseBody: "line one\nline two\t'quoted' \\ backslash"
        )
        let minimal = RequestLogEntry(
            requestID: "req_minimal",
            startedAt: Date(timeIntervalSince1970: -14_182_940.001),
            durationMicroseconds: 0,
            overheadMicroseconds: 0,
            api: "openai.chat_completions",
            model: "",
            status: 400,
            outcome: "invalid_request",
            streamed: false,
            capture: .metadata
        )
        let emptyStrings = RequestLogEntry(
            requestID: "req_empty",
            traceID: "",
            startedAt: epoch,
            durationMicroseconds: 1,
            overheadMicroseconds: 1,
            timeToFirstTokenMicroseconds: 0,
            api: "",
            keyID: "",
            keyName: "",
            tenant: "",
            agent: "",
            user: "",
            session: "",
            model: "fast",
            provider: "",
            status: 499,
            outcome: "cancelled",
            errorMessage: "",
            streamed: false,
            routingDecisions: [""],
            capture: .full,
            requestBody: "",
            responseBody: ""
        )
        let fine = entry("req_fine", at: 0.123_456_7)
        try await store.appendRequests([full, minimal, emptyStrings, fine])

        #expect(try await store.request(id: full.requestID) == full)
        #expect(try await store.request(id: minimal.requestID) == minimal)
        #expect(try await store.request(id: emptyStrings.requestID) == emptyStrings)
        #expect(try await store.request(id: emptyStrings.requestID)?.tenant == "", "empty stays distinct from nil")
        #expect(try await store.request(id: emptyStrings.requestID)?.requestBody == "", "empty stays distinct from nil")
        let storedFine = try #require(try await store.request(id: fine.requestID))
        #expect(storedFine.startedAt == Date(timeIntervalSince1970: 1_749_988_800.123), "kept to the millisecond")
        #expect(try await store.request(id: "req") == nil)
        #expect(try await store.request(id: "REQ_FULL") == nil)

        try await store.appendRequests([])
        let page = try await store.requests(RequestLogQuery(limit: 10))
        #expect(page.entries.count == 4)
        #expect(page.entries.first { $0.requestID == full.requestID } == full, "pages carry whole entries")
    }

    static func duplicateRequestID(_ store: any RequestLogStore) async throws {
        try await store.appendRequests([entry("req_1", at: 0, model: "first"), entry("req_2", at: 1)])
        try await store.appendRequests([
            entry("req_1", at: 5, model: "second"),
            entry("req_3", at: 2, model: "third"),
            entry("req_3", at: 3, model: "fourth"),
        ])
        #expect(try await store.request(id: "req_1")?.model == "first")
        #expect(try await store.request(id: "req_3")?.model == "third")
        #expect(try await store.request(id: "req_3")?.startedAt == epoch.addingTimeInterval(2))
        let page = try await store.requests(RequestLogQuery(limit: 10))
        #expect(page.entries.map(\.requestID) == ["req_3", "req_2", "req_1"])
        #expect(page.nextCursor == nil)
    }

    static func largeBatch(_ store: any RequestLogStore) async throws {
        // The first 150 entries of a batch are written, as if a write had failed part of the way through.
        let batch = (0..<450).map { entry(String(format: "req_%03d", $0), at: Double($0)) }
        try await store.appendRequests(batch.prefix(150).map { entry($0.requestID, at: 0, model: "first try") })
        try await store.appendRequests(batch)
        var seen: [String] = []
        var cursor: RequestLogCursor?
        repeat {
            let page = try await store.requests(RequestLogQuery(limit: 200, cursor: cursor))
            seen += page.entries.map(\.requestID)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.sorted() == batch.map(\.requestID))
        #expect(try await store.request(id: "req_149")?.model == "first try")
        #expect(try await store.request(id: "req_150")?.model == "fast")
        #expect(try await store.request(id: "req_449")?.startedAt == epoch.addingTimeInterval(449))
    }

    static func filters(_ store: any RequestLogStore) async throws {
        try await store.appendRequests([
            entry("req_1", at: 0, key: "key_a", model: "fast", status: 200),
            entry("req_2", at: 1, key: "key_a", model: "smart", status: 502),
            entry("req_3", at: 2, key: "key_b", model: "fast", status: 200),
            entry("req_4", at: 3, key: nil, model: "fast", status: 429),
            entry("req_5", at: 4, key: "key_a", model: "fast", status: 429),
        ])
        func ids(_ query: RequestLogQuery) async throws -> [String] {
            try await store.requests(query).entries.map(\.requestID)
        }
        #expect(try await ids(RequestLogQuery()) == ["req_5", "req_4", "req_3", "req_2", "req_1"])
        #expect(try await ids(RequestLogQuery(keyID: "key_a")) == ["req_5", "req_2", "req_1"])
        #expect(try await ids(RequestLogQuery(keyID: "key_b")) == ["req_3"])
        #expect(try await ids(RequestLogQuery(keyID: "KEY_A")).isEmpty)
        #expect(try await ids(RequestLogQuery(keyID: "")).isEmpty, "an empty filter matches no missing key")
        #expect(try await ids(RequestLogQuery(model: "fast")) == ["req_5", "req_4", "req_3", "req_1"])
        #expect(try await ids(RequestLogQuery(model: "smart")) == ["req_2"])
        #expect(try await ids(RequestLogQuery(status: 429)) == ["req_5", "req_4"])
        #expect(try await ids(RequestLogQuery(status: 500)).isEmpty)
        #expect(try await ids(RequestLogQuery(keyID: "key_a", model: "fast")) == ["req_5", "req_1"])
        #expect(try await ids(RequestLogQuery(keyID: "key_a", model: "fast", status: 200)) == ["req_1"])
        #expect(try await ids(RequestLogQuery(model: "fast", status: 429)) == ["req_5", "req_4"])
    }

    static func timeRange(_ store: any RequestLogStore) async throws {
        try await store.appendRequests([
            entry("req_1", at: 0, key: "key_a"),
            entry("req_2", at: 0.001, key: "key_a"),
            entry("req_3", at: 60, key: "key_b"),
            entry("req_4", at: 120, key: "key_a"),
        ])
        func ids(_ query: RequestLogQuery) async throws -> [String] {
            try await store.requests(query).entries.map(\.requestID)
        }
        #expect(try await ids(RequestLogQuery(since: epoch.addingTimeInterval(0.001))) == ["req_4", "req_3", "req_2"], "since is inclusive")
        #expect(try await ids(RequestLogQuery(until: epoch.addingTimeInterval(60))) == ["req_2", "req_1"], "until is exclusive")
        #expect(try await ids(RequestLogQuery(since: epoch, until: epoch.addingTimeInterval(120.001))) == ["req_4", "req_3", "req_2", "req_1"])
        #expect(try await ids(RequestLogQuery(since: epoch.addingTimeInterval(60), until: epoch.addingTimeInterval(60))).isEmpty)
        #expect(try await ids(RequestLogQuery(since: epoch.addingTimeInterval(121))).isEmpty)
        #expect(try await ids(RequestLogQuery(keyID: "key_a", since: epoch.addingTimeInterval(0.001), until: epoch.addingTimeInterval(120))) == ["req_2"])
    }

    static func pagination(_ store: any RequestLogStore) async throws {
        // 23 entries over 9 distinct milliseconds: runs of ties, ids whose byte order differs from their number's
        // order, and upper case (which sorts before lower case in byte order).
        var entries: [RequestLogEntry] = []
        for index in 0..<23 {
            let millisecond = Double(index / 3) * 0.001 + (index % 5 == 0 ? 60 : 0)
            let id = index % 4 == 0 ? "REQ_\(index)" : "req_\(index)"
            entries.append(entry(id, at: millisecond, key: index % 2 == 0 ? "key_even" : "key_odd", status: index % 3 == 0 ? 500 : 200))
        }
        // Appended in two batches, out of order.
        let shuffled = entries.shuffled()
        try await store.appendRequests(Array(shuffled.prefix(11)))
        try await store.appendRequests(Array(shuffled.suffix(12)))

        func expected(_ include: (RequestLogEntry) -> Bool) -> [String] {
            entries.filter(include).sorted { lhs, rhs in
                let (left, right) = (lhs.startedAt.timeIntervalSince1970, rhs.startedAt.timeIntervalSince1970)
                if abs(left - right) > 0.000_5 { return left > right }
                return rhs.requestID.utf8.lexicographicallyPrecedes(lhs.requestID.utf8)
            }.map(\.requestID)
        }

        let all = expected { _ in true }
        #expect(Set(all).count == 23)
        for limit in [1, 2, 3, 5, 7, 23, 50] {
            let walk = try await walk(store, RequestLogQuery(limit: limit))
            #expect(walk.ids == all, "limit \(limit)")
            #expect(walk.pages == max(1, (23 + limit - 1) / limit), "limit \(limit)")
        }

        let even = expected { $0.keyID == "key_even" }
        #expect(try await walk(store, RequestLogQuery(keyID: "key_even", limit: 4)).ids == even)
        let failed = expected { $0.status == 500 }
        #expect(try await walk(store, RequestLogQuery(status: 500, limit: 2)).ids == failed)
        let early = expected { $0.startedAt < epoch.addingTimeInterval(0.004) }
        #expect(try await walk(store, RequestLogQuery(until: epoch.addingTimeInterval(0.004), limit: 3)).ids == early)

        // A cursor names a position, not an entry: it works after the entry it came from is gone.
        let first = try await store.requests(RequestLogQuery(limit: 4))
        let cursor = try #require(first.nextCursor)
        #expect(cursor.requestID == first.entries.last?.requestID)
        #expect(try await store.deleteRequests(startedBefore: epoch.addingTimeInterval(1), limit: 100) == 23 - 5)
        let rest = try await store.requests(RequestLogQuery(limit: 50, cursor: cursor))
        // The five newest started a minute later than the rest: the first page took four, one is left.
        #expect(rest.entries.map(\.requestID) == [all[4]])
        #expect(rest.nextCursor == nil)
    }

    static func deleteByAge(_ store: any RequestLogStore) async throws {
        #expect(try await store.deleteRequests(startedBefore: epoch.addingTimeInterval(1_000), limit: 10) == 0)
        try await store.appendRequests((0..<10).map { entry("req_\($0)", at: Double($0)) })

        let cutoff = epoch.addingTimeInterval(6)
        #expect(try await store.deleteRequests(startedBefore: cutoff, limit: 4) == 4)
        var remaining = try await store.requests(RequestLogQuery(limit: 50)).entries.map(\.requestID)
        #expect(remaining == ["req_9", "req_8", "req_7", "req_6", "req_5", "req_4"], "oldest first")
        #expect(try await store.deleteRequests(startedBefore: cutoff, limit: 4) == 2, "only older ones")
        #expect(try await store.deleteRequests(startedBefore: cutoff, limit: 4) == 0)
        remaining = try await store.requests(RequestLogQuery(limit: 50)).entries.map(\.requestID)
        #expect(remaining == ["req_9", "req_8", "req_7", "req_6"], "an entry that started at the cutoff stays")
        #expect(try await store.request(id: "req_5") == nil)
        #expect(try await store.request(id: "req_6") != nil)
    }
}
