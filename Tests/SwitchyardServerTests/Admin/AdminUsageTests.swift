import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import Testing

@Suite("Admin API: usage")
struct AdminUsageTests {
    static func entry(_ id: String, at date: String, key: String, model: String, outcome: String = "ok", input: Int, cost: Int64) -> LedgerEntry {
        LedgerEntry(
            requestID: id,
            recordedAt: Date(iso8601Argument: date)!,
            day: String(date.prefix(10)),
            keyID: key,
            tenant: "research",
            model: model,
            provider: "upstream",
            usage: Usage(inputTokens: input, cacheReadTokens: 2, outputTokens: 5, reasoningTokens: 1),
            cost: Money(nanodollars: cost),
            latencyMilliseconds: 10,
            overheadMicroseconds: 100,
            outcome: outcome,
            streamed: false
        )
    }

    static let entries = [
        entry("req_1", at: "2026-03-01T10:00:00Z", key: "key_a", model: "fast", input: 10, cost: 1_234_000),
        entry("req_2", at: "2026-03-01T11:00:00Z", key: "key_a", model: "fast", outcome: "upstream_error", input: 20, cost: 0),
        entry("req_3", at: "2026-03-02T09:00:00Z", key: "key_a", model: "smart", input: 30, cost: 5_000_000),
        entry("req_4", at: "2026-03-03T09:00:00Z", key: "key_b", model: "fast", input: 40, cost: 7),
    ]

    @Test("Totals grouped by key and model, with tokens kind by kind and the exact cost")
    func grouped() async throws {
        try await AdminGateway.run { gateway in
            try await gateway.store.append(Self.entries)
            let response = try await gateway.admin(.get, "/admin/usage?group_by=key,model")
            #expect(response.status == .ok)
            let rows = try #require(try response.json["data"]?.arrayValue)
            #expect(rows.count == 3)
            let first = rows[0]
            #expect(first["key"]?.stringValue == "key_a")
            #expect(first["model"]?.stringValue == "fast")
            #expect(first["tenant"] == nil)
            #expect(first["requests"]?.intValue == 2)
            #expect(first["errors"]?.intValue == 1)
            #expect(first[path: "usage", "input_tokens"]?.intValue == 30)
            #expect(first[path: "usage", "cache_read_tokens"]?.intValue == 4)
            #expect(first[path: "usage", "cache_write_tokens"]?.intValue == 0)
            #expect(first[path: "usage", "cache_write_1h_tokens"]?.intValue == 0)
            #expect(first[path: "usage", "output_tokens"]?.intValue == 10)
            #expect(first[path: "usage", "reasoning_tokens"]?.intValue == 2)
            #expect(first["cost_usd"]?.stringValue == "0.001234000")
            #expect(rows.map { $0["model"]?.stringValue } == ["fast", "smart", "fast"])
        }
    }

    @Test("Filters and a time range narrow the totals; a day alone as `until` includes that day")
    func filtered() async throws {
        try await AdminGateway.run { gateway in
            try await gateway.store.append(Self.entries)
            let byKey = try await gateway.admin(.get, "/admin/usage?key=key_a&since=2026-03-02")
            let row = try #require(try byKey.json["data"]?.arrayValue?.first)
            #expect(row["requests"]?.intValue == 1)
            #expect(row["cost_usd"]?.stringValue == "0.005000000")

            let byDay = try await gateway.admin(.get, "/admin/usage?group_by=day&since=2026-03-01T10:30:00Z&until=2026-03-02")
            #expect(try byDay.json["data"]?.arrayValue?.map { $0["day"]?.stringValue } == ["2026-03-01", "2026-03-02"])
            #expect(try byDay.json["data"]?.arrayValue?.map { $0["requests"]?.intValue } == [1, 1])

            let total = try await gateway.admin(.get, "/admin/usage?tenant=research&provider=upstream")
            #expect(try total.json[path: "data", 0, "requests"]?.intValue == 4)
        }
    }

    @Test("Unknown dimensions, parameters and dates get a 400 that lists what is valid")
    func badQueries() async throws {
        try await AdminGateway.run { gateway in
            let dimension = try await gateway.admin(.get, "/admin/usage?group_by=key,team")
            #expect(dimension.status == .badRequest)
            #expect(dimension.errorMessage.contains("team"))
            #expect(dimension.errorMessage.contains("key, tenant, agent, user, model, provider, day"))

            let parameter = try await gateway.admin(.get, "/admin/usage?from=2026-01-01")
            #expect(parameter.status == .badRequest)
            #expect(parameter.errorMessage.contains("from"))
            #expect(parameter.errorMessage.contains("since"))

            let date = try await gateway.admin(.get, "/admin/usage?since=yesterday")
            #expect(date.status == .badRequest)
            #expect(date.errorMessage.contains("since"))

            let range = try await gateway.admin(.get, "/admin/usage?since=2026-03-02&until=2026-03-01T00:00:00Z")
            #expect(range.status == .badRequest)
            #expect(range.errorMessage.contains("until"))
        }
    }
}
