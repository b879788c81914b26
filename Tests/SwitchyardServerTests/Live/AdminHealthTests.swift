import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import Testing

@Suite("Admin health")
struct AdminHealthTests {
    @Test("The deployment health report needs the admin key when one is configured")
    func adminKey() async throws {
        try await LiveGateway.run(upstream: .openAI, configure: { $0.server.adminKey = "admin-secret" }) { gateway in
            let refused = try await gateway.client.execute(uri: "/admin/health/deployments", method: .get)
            #expect(refused.status == .unauthorized)
            #expect(try refused.json[path: "error", "scope"]?.stringValue == "admin")

            _ = try await gateway.post("/v1/chat/completions", json: #"{"model":"test-model","messages":[{"role":"user","content":"hi"}]}"#)
            let report = try await gateway.client.execute(
                uri: "/admin/health/deployments",
                method: .get,
                headers: [.authorization: "Bearer admin-secret"]
            )
            #expect(report.status == .ok)
            let deployment = try #require(try report.json["deployments"]?.arrayValue?.first)
            #expect(deployment["id"]?.stringValue == "upstream/gpt-4o-mini")
            #expect(deployment["breaker"]?.stringValue == "closed")
            #expect(deployment["recent_requests"]?.intValue == 1)
            #expect(deployment["in_flight"]?.intValue == 0)
        }
    }
}
