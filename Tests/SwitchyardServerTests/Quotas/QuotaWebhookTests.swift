import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Synchronization
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import SwitchyardTesting
import Testing

/// Budget alerts delivered to a real HTTP receiver, once.
@Suite("Quota alert webhook")
struct QuotaWebhookTests {
    /// Collects the bodies POSTed to it.
    final class Receiver: Sendable {
        let bodies = Mutex<[JSONValue]>([])

        func router() -> Router<BasicRequestContext> {
            let router = Router()
            router.post("/hook") { request, _ -> HTTPResponse.Status in
                let buffer = try await request.body.collect(upTo: 1 << 20)
                let body = try JSONDecoder().decode(JSONValue.self, from: Data(buffer.readableBytesView))
                self.bodies.withLock { $0.append(body) }
                return .noContent
            }
            return router
        }
    }

    @Test("Crossing 75% of a budget POSTs one alert with the quota, scope, limit, consumption and window")
    func alertDelivered() async throws {
        let receiver = Receiver()
        try await Application(router: receiver.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0))).test(.live) { hook in
            let hookPort = try #require(hook.port)
            let budget = Quota(id: "team-budget", kind: .budget, scope: QuotaScope(.global), metric: .usd, limit: 300_000, window: .month)
            try await LiveGateway.run(upstream: .openAI, behavior: QuotaLiveTests.behavior, configure: { configuration in
                QuotaLiveTests.pricedAlias(&configuration)
                configuration.quotas = [budget]
                configuration.quotaSettings.alertWebhook = "http://127.0.0.1:\(hookPort)/hook"
            }) { gateway in
                let port = try #require(gateway.client.port)
                // 226,000 of 300,000 nanodollars: 75.3%.
                #expect(try await QuotaLiveTests.send(QuotaLiveTests.body, port: port, key: "unused").status == 200)
                let deadline = ContinuousClock.now + .seconds(10)
                while receiver.bodies.withLock({ $0.isEmpty }), ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                // The next call's worst case no longer fits; give the sync a few more rounds to misbehave.
                #expect(try await QuotaLiveTests.send(QuotaLiveTests.body, port: port, key: "unused").status == 429)
                try await Task.sleep(for: .milliseconds(600))
            }
            let bodies = receiver.bodies.withLock { $0 }
            try #require(bodies.count == 1)
            let alert = bodies[0]
            #expect(alert["type"]?.stringValue == "quota.threshold_crossed")
            #expect(alert["quota_id"]?.stringValue == "team-budget")
            #expect(alert["scope"]?.stringValue == "global/month")
            #expect(alert["percent"]?.intValue == 75)
            #expect(alert["limit"]?.stringValue == "0.000300000")
            #expect(alert["consumed"]?.stringValue == "0.000226000")
            #expect(alert["window_end"]?.stringValue?.hasSuffix("T00:00:00Z") == true)
        }
    }
}
