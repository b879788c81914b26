import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import NIOCore
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import SwitchyardTesting
import Testing

/// A bounded chaos run: many concurrent streamed calls over three deployments, one failing at random and one
/// stalling at random. Every call must complete, and the breakers must agree with what the deployments did.
@Suite("Routing and resilience, chaos")
struct ChaosTests {
    static let requestCount = 500
    static let concurrency = 50

    @Test("500 streamed calls at concurrency 50 all complete despite a failing and a stalling deployment")
    func chaosRun() async throws {
        let mocks = [
            MockUpstream.Configuration(provider: .openAI, faults: .init(status: 500, probability: 0.3)),
            MockUpstream.Configuration(provider: .openAI, faults: .init(stallAfterChunks: 1, stallTimeout: .seconds(5), probability: 0.1)),
            MockUpstream.Configuration(provider: .openAI),
        ]
        try await LiveCluster.run(mocks: mocks, configure: { configuration, mocks in
            let names = ["failing", "stalling", "healthy"]
            let providers = zip(names, mocks).map { LiveCluster.provider($0, $1) }
            configuration.providers = providers
            var alias = ModelAlias(name: "fast", tiers: [providers.map { LiveCluster.deployment($0) }], strategy: .leastInFlight)
            // Generous enough that the healthy deployment never misses it on a loaded machine.
            alias.timeouts.firstToken = .seconds(1)
            configuration.models = [alias]
            configuration.resilience.breaker.failureRateThreshold = 0.25
            configuration.resilience.breaker.minimumRequests = 20
        }) { cluster in
            let port = try #require(cluster.client.port)
            let body = #"{"model":"fast","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
            let failures = try await withThrowingTaskGroup(of: String?.self) { group in
                var sent = 0
                var failures: [String] = []
                func enqueue() {
                    group.addTask {
                        let (status, text) = try await ResilienceScenarioTests.send(body, path: "/v1/chat/completions", port: port)
                        guard status == 200, text.hasSuffix("data: [DONE]\n\n"), !text.contains(#""error""#) else {
                            return "status \(status): \(text.prefix(300))"
                        }
                        return nil
                    }
                    sent += 1
                }
                while sent < Self.concurrency { enqueue() }
                while let result = try await group.next() {
                    if let result { failures.append(result) }
                    if sent < Self.requestCount { enqueue() }
                }
                return failures
            }
            #expect(failures.isEmpty, "\(failures.count) calls failed; first: \(failures.first ?? "")")

            let health = try await cluster.health()
            let failing = try #require(health["failing/model-x"])
            let healthy = try #require(health["healthy/model-x"])
            // The healthy deployment never failed, so its breaker never opened.
            #expect(healthy["breaker_openings"]?.intValue == 0)
            #expect(healthy["last_failure"] == nil || healthy["last_failure"] == .null)
            // The failing one failed about 30% of its calls: above the 25% threshold, its breaker must have opened.
            let failedCalls = cluster.mocks[0].requests.count
            #expect(failedCalls > 0)
            #expect((failing["breaker_openings"]?.intValue ?? 0) >= 1)
        }
    }
}
