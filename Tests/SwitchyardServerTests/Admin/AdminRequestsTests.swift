import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("Admin API: request log")
struct AdminRequestsTests {
    static func entry(_ id: String, at date: String, key: String?, model: String = "fast", status: Int = 200) -> RequestLogEntry {
        RequestLogEntry(
            requestID: id,
            startedAt: Date(iso8601Argument: date)!,
            durationMicroseconds: 412_345,
            overheadMicroseconds: 1_800,
            api: "openai.chat_completions",
            keyID: key,
            model: model,
            provider: "upstream",
            status: status,
            outcome: status == 200 ? "ok" : "upstream_error",
            streamed: false,
            attempts: [RequestLogEntry.Attempt(provider: "upstream", model: "gpt-4o-mini", startMicroseconds: 300, durationMicroseconds: 410_000, failure: nil, wasSent: true)],
            usage: Usage(inputTokens: 10, outputTokens: 5),
            cost: Money(nanodollars: 812_000)
        )
    }

    static let entries = [
        entry("req_1", at: "2026-03-01T10:00:00Z", key: "key_a"),
        entry("req_2", at: "2026-03-01T11:00:00Z", key: "key_a", status: 502),
        entry("req_3", at: "2026-03-02T09:00:00Z", key: "key_b", model: "smart"),
        entry("req_4", at: "2026-03-03T09:00:00Z", key: "key_a", model: "smart"),
        entry("req_5", at: "2026-03-03T09:00:00Z", key: nil),
    ]

    static func ids(_ response: TestResponse) throws -> [String] {
        try #require(try response.json["data"]?.arrayValue).compactMap { $0["id"]?.stringValue }
    }

    @Test("Lists summaries newest first, and follows cursors to the end")
    func listAndPaginate() async throws {
        try await AdminGateway.run { gateway in
            try await gateway.store.appendRequests(Self.entries)
            let first = try await gateway.admin(.get, "/admin/requests?limit=2")
            #expect(first.status == .ok)
            #expect(try Self.ids(first) == ["req_5", "req_4"])
            let summary = try #require(try first.json[path: "data", 1])
            #expect(summary["started_at"]?.stringValue == "2026-03-03T09:00:00.000Z")
            #expect(summary["key_id"]?.stringValue == "key_a")
            #expect(summary["model"]?.stringValue == "smart")
            #expect(summary["status"]?.intValue == 200)
            #expect(summary["duration_ms"]?.numberValue == 412.345)
            #expect(summary["cost_usd"]?.stringValue == "0.000812000")
            #expect(summary["attempt_count"]?.intValue == 1)
            #expect(summary["stages"] == nil, "summaries leave the tree out")
            #expect(summary["request_body"] == nil)

            var cursor = try #require(try first.json["next_cursor"]?.stringValue)
            let second = try await gateway.admin(.get, "/admin/requests?limit=2&cursor=\(cursor)")
            #expect(try Self.ids(second) == ["req_3", "req_2"])
            cursor = try #require(try second.json["next_cursor"]?.stringValue)
            let last = try await gateway.admin(.get, "/admin/requests?limit=2&cursor=\(cursor)")
            #expect(try Self.ids(last) == ["req_1"])
            #expect(try last.json["next_cursor"] == .null)
        }
    }

    @Test("Filters by key, model, status and time range; a day alone as `until` includes that day")
    func filters() async throws {
        try await AdminGateway.run { gateway in
            try await gateway.store.appendRequests(Self.entries)
            #expect(try Self.ids(await gateway.admin(.get, "/admin/requests?key=key_a")) == ["req_4", "req_2", "req_1"])
            #expect(try Self.ids(await gateway.admin(.get, "/admin/requests?model=smart")) == ["req_4", "req_3"])
            #expect(try Self.ids(await gateway.admin(.get, "/admin/requests?status=502")) == ["req_2"])
            #expect(try Self.ids(await gateway.admin(.get, "/admin/requests?key=key_a&model=fast&status=200")) == ["req_1"])
            #expect(try Self.ids(await gateway.admin(.get, "/admin/requests?since=2026-03-01T10:30:00Z&until=2026-03-02")) == ["req_3", "req_2"])
            #expect(try Self.ids(await gateway.admin(.get, "/admin/requests?since=2026-03-04")).isEmpty)
        }
    }

    @Test("One request comes back whole; an unknown id is a 404")
    func detail() async throws {
        try await AdminGateway.run { gateway in
            var entry = Self.entry("req_full", at: "2026-03-01T10:00:00.123Z", key: "key_a")
            entry.traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
            entry.timeToFirstTokenMicroseconds = 290_000
            entry.routingDecisions = ["rule long-context chose alias long"]
            entry.stages = [
                RequestLogEntry.Stage(name: "metering", startMicroseconds: 0, durationMicroseconds: 412_300),
                RequestLogEntry.Stage(name: "budget", startMicroseconds: 200, durationMicroseconds: 10, refusal: "budget_exceeded", message: "over"),
            ]
            entry.attempts.insert(
                RequestLogEntry.Attempt(provider: "openai", model: "gpt-4o", startMicroseconds: 250, durationMicroseconds: 120_400, failure: "upstream_error", wasSent: true),
                at: 0
            )
            entry.capture = .redacted
            entry.requestBody = #"{"content":"[REDACTED:EMAIL]"}"#
            try await gateway.store.appendRequests([entry])

            let response = try await gateway.admin(.get, "/admin/requests/req_full")
            #expect(response.status == .ok)
            let json = try response.json
            #expect(json["id"]?.stringValue == "req_full")
            #expect(json["started_at"]?.stringValue == "2026-03-01T10:00:00.123Z")
            #expect(json["trace_id"]?.stringValue == "4bf92f3577b34da6a3ce929d0e0e4736")
            #expect(json["time_to_first_token_ms"]?.numberValue == 290)
            #expect(json["routing_decisions"]?.arrayValue?.compactMap(\.stringValue) == ["rule long-context chose alias long"])
            #expect(json[path: "stages", 1, "name"]?.stringValue == "budget")
            #expect(json[path: "stages", 1, "start_ms"]?.numberValue == 0.2)
            #expect(json[path: "stages", 1, "refusal"]?.stringValue == "budget_exceeded")
            #expect(json[path: "attempts", 0, "failure"]?.stringValue == "upstream_error")
            #expect(json[path: "attempts", 0, "duration_ms"]?.numberValue == 120.4)
            #expect(json[path: "attempts", 1, "failure"] == .null)
            #expect(json[path: "usage", "input_tokens"]?.intValue == 10)
            #expect(json["capture"]?.stringValue == "redacted")
            #expect(json["request_body"]?.stringValue == #"{"content":"[REDACTED:EMAIL]"}"#)
            #expect(json["response_body"] == .null)

            let missing = try await gateway.admin(.get, "/admin/requests/req_nope")
            #expect(missing.status == .notFound)
            #expect(missing.errorMessage.contains("req_nope"))
        }
    }

    @Test("Bad parameters are 400s that name the parameter", arguments: [
        ("cursor=not-a-cursor!", "`cursor`"),
        ("cursor=bm9jb2xvbg", "`cursor`"),
        ("since=yesterday", "`since`"),
        ("until=2026-13-01", "`until`"),
        ("limit=0", "`limit`"),
        ("limit=1001", "`limit`"),
        ("limit=ten", "`limit`"),
        ("status=ok", "`status`"),
        ("team=research", "`team`"),
        ("since=2026-03-02&until=2026-03-01", "`until`"),
    ])
    func badParameters(_ query: String, _ named: String) async throws {
        try await AdminGateway.run { gateway in
            let response = try await gateway.admin(.get, "/admin/requests?\(query)")
            #expect(response.status == .badRequest)
            #expect(response.errorMessage.contains(named), "\(response.errorMessage)")
        }
    }

    @Test("The admin key is required")
    func requiresAdminKey() async throws {
        try await AdminGateway.run { gateway in
            let response = try await gateway.client.execute(uri: "/admin/requests", method: .get, headers: [.authorization: "Bearer wrong"])
            #expect(response.status == .unauthorized)
        }
    }
}

extension JSONValue {
    /// The number at this value, integer or not, or `nil`.
    fileprivate var numberValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }
}
