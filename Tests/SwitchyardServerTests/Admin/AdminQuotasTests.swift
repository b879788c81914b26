import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import Testing

@Suite("Admin API: quotas")
struct AdminQuotasTests {
    @Test("Create, list and delete a quota")
    func lifecycle() async throws {
        try await AdminGateway.run { gateway in
            let created = try await gateway.admin(
                .post,
                "/admin/quotas",
                body: #"{"kind":"budget","scope":"tenant:research","metric":"usd","limit":"25.00","window":"month","alert_thresholds":[75,90,95]}"#
            )
            #expect(created.status == .created)
            let quota = try created.json
            let id = try #require(quota["id"]?.stringValue)
            #expect(id.hasPrefix("quota_"))
            #expect(quota["scope"]?.stringValue == "tenant:research")
            #expect(quota["limit"]?.stringValue == "25.000000000")
            #expect(quota["alert_thresholds"] == .array([.int(75), .int(90), .int(95)]))
            let stored = try #require(try await gateway.store.quotas().first)
            #expect(stored.limit == 25_000_000_000)
            #expect(stored.kind == .budget)

            let rate = try await gateway.admin(
                .post,
                "/admin/quotas",
                body: #"{"kind":"rate_limit","scope":"deployment:upstream/gpt-4o-mini","metric":"requests","limit":600,"window":"minute"}"#
            )
            #expect(rate.status == .created)
            #expect(try rate.json["limit"]?.intValue == 600)
            #expect(try rate.json["alert_thresholds"] == .array([]))

            let listed = try await gateway.admin(.get, "/admin/quotas")
            #expect(try listed.json["data"]?.arrayValue?.compactMap { $0["scope"]?.stringValue } == ["tenant:research", "deployment:upstream/gpt-4o-mini"])

            let deleted = try await gateway.admin(.delete, "/admin/quotas/\(id)")
            #expect(deleted.status == .ok)
            #expect(try deleted.json["deleted"] == .bool(true))
            #expect(try await gateway.store.quotas().count == 1)
            let again = try await gateway.admin(.delete, "/admin/quotas/\(id)")
            #expect(again.status == .notFound)
            #expect(again.errorMessage.contains(id))
        }
    }

    struct BadQuota: Sendable, CustomStringConvertible {
        let description: String
        let body: String
        let mentions: [String]
    }

    static let badQuotas: [BadQuota] = [
        BadQuota(description: "unknown scope kind", body: #"{"kind":"budget","scope":"team:x","metric":"usd","limit":"1","window":"day"}"#, mentions: ["scope", "tenant", "key", "user"]),
        BadQuota(description: "empty scope id", body: #"{"kind":"budget","scope":"tenant:","metric":"usd","limit":"1","window":"day"}"#, mentions: ["scope"]),
        BadQuota(description: "deployment budget", body: #"{"kind":"budget","scope":"deployment:a/b","metric":"usd","limit":"1","window":"day"}"#, mentions: ["deployment", "rate limit"]),
        BadQuota(description: "unknown kind", body: #"{"kind":"cap","scope":"global","metric":"usd","limit":"1","window":"day"}"#, mentions: ["kind", "budget", "rate_limit"]),
        BadQuota(description: "unknown metric", body: #"{"kind":"budget","scope":"global","metric":"eur","limit":"1","window":"day"}"#, mentions: ["metric", "usd"]),
        BadQuota(description: "rate limit in dollars", body: #"{"kind":"rate_limit","scope":"global","metric":"usd","limit":"1","window":"minute"}"#, mentions: ["metric", "requests"]),
        BadQuota(description: "rate limit per month", body: #"{"kind":"rate_limit","scope":"global","metric":"requests","limit":1,"window":"month"}"#, mentions: ["window", "minute", "day"]),
        BadQuota(description: "budget in requests", body: #"{"kind":"budget","scope":"global","metric":"requests","limit":1,"window":"day"}"#, mentions: ["metric", "rate_limit"]),
        BadQuota(description: "negative limit", body: #"{"kind":"budget","scope":"global","metric":"usd","limit":"-25","window":"day"}"#, mentions: ["limit", "greater than zero"]),
        BadQuota(description: "absurd limit", body: #"{"kind":"budget","scope":"global","metric":"usd","limit":"10000000.01","window":"day"}"#, mentions: ["limit", "maximum"]),
        BadQuota(description: "absurd requests", body: #"{"kind":"rate_limit","scope":"global","metric":"requests","limit":1000000001,"window":"day"}"#, mentions: ["limit", "10^9"]),
        BadQuota(description: "limit of the wrong type", body: #"{"kind":"budget","scope":"global","metric":"tokens","limit":[1],"window":"day"}"#, mentions: ["limit", "integer"]),
        BadQuota(description: "missing limit", body: #"{"kind":"budget","scope":"global","metric":"usd","window":"day"}"#, mentions: ["limit"]),
        BadQuota(description: "threshold above 100", body: #"{"kind":"budget","scope":"global","metric":"usd","limit":"1","window":"day","alert_thresholds":[50,150]}"#, mentions: ["alert_thresholds", "150"]),
        BadQuota(description: "repeated threshold", body: #"{"kind":"budget","scope":"global","metric":"usd","limit":"1","window":"day","alert_thresholds":[90,90]}"#, mentions: ["alert_thresholds", "twice"]),
        BadQuota(description: "threshold of the wrong type", body: #"{"kind":"budget","scope":"global","metric":"usd","limit":"1","window":"day","alert_thresholds":["90"]}"#, mentions: ["alert_thresholds[0]"]),
        BadQuota(description: "malformed JSON", body: #"{"kind":"budget","#, mentions: ["JSON"]),
    ]

    @Test("Bad quotas get a 400 naming the field, and nothing is stored", arguments: badQuotas)
    func badQuota(_ bad: BadQuota) async throws {
        try await AdminGateway.run { gateway in
            let response = try await gateway.admin(.post, "/admin/quotas", body: bad.body)
            #expect(response.status == .badRequest)
            for word in bad.mentions {
                #expect(response.errorMessage.contains(word), "\(response.errorMessage) should mention \(word)")
            }
            #expect(try await gateway.store.quotas().isEmpty)
        }
    }
}
