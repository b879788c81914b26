import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import SwitchyardTesting
import Testing

/// Live fault scenarios against mock upstreams: what the client saw, and what was attempted.
@Suite("Routing and resilience, live")
struct ResilienceScenarioTests {
    static let chat = #"{"model":"fast","messages":[{"role":"user","content":"hi"}]}"#
    static let streamedChat = #"{"model":"fast","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
    static let streamedMessages = #"{"model":"fast","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#

    static func header(_ response: TestResponse, _ name: String) -> String? {
        response.headers[.init(name)!]
    }

    @Test("Primary answers 529: the secondary serves, and both attempts are counted")
    func overloadedPrimary() async throws {
        let mocks = [MockUpstream.Configuration(provider: .anthropic, faults: .init(status: 529)), MockUpstream.Configuration(provider: .openAI)]
        try await LiveCluster.run(mocks: mocks, configure: { configuration, mocks in
            let primary = LiveCluster.provider("primary", mocks[0])
            let secondary = LiveCluster.provider("secondary", mocks[1])
            configuration.providers = [primary, secondary]
            configuration.models = [ModelAlias(name: "fast", tiers: [[LiveCluster.deployment(primary)], [LiveCluster.deployment(secondary)]])]
        }) { cluster in
            let response = try await cluster.post("/v1/chat/completions", json: Self.chat)
            #expect(response.status == .ok)
            #expect(Self.header(response, "x-switchyard-provider") == "secondary")
            #expect(Self.header(response, "x-switchyard-attempts") == "2")
            #expect(cluster.mocks[0].requests.count == 1)
        }
    }

    @Test("429 with Retry-After: the same deployment is tried again after the wait")
    func retryAfterHonoured() async throws {
        let mocks = [MockUpstream.Configuration(provider: .openAI, faults: .init(status: 429, retryAfter: .seconds(1), failFirst: 1))]
        try await LiveCluster.run(mocks: mocks, configure: { configuration, mocks in
            let only = LiveCluster.provider("only", mocks[0])
            configuration.providers = [only]
            configuration.models = [ModelAlias(name: "fast", tiers: [[LiveCluster.deployment(only)]])]
        }) { cluster in
            let response = try await cluster.post("/v1/chat/completions", json: Self.chat)
            #expect(response.status == .ok)
            #expect(Self.header(response, "x-switchyard-attempts") == "2")
            let requests = cluster.mocks[0].requests
            try #require(requests.count == 2)
            #expect(requests[1].receivedAt - requests[0].receivedAt >= .seconds(1), "the retry waited for Retry-After")
        }
    }

    @Test("Every deployment down: one clear error listing every attempt")
    func everythingDown() async throws {
        let mocks = [MockUpstream.Configuration(provider: .openAI, faults: .init(status: 503)), MockUpstream.Configuration(provider: .gemini, faults: .init(status: 500))]
        try await LiveCluster.run(mocks: mocks, configure: { configuration, mocks in
            let first = LiveCluster.provider("first", mocks[0])
            let second = LiveCluster.provider("second", mocks[1])
            configuration.providers = [first, second]
            var alias = ModelAlias(name: "fast", tiers: [[LiveCluster.deployment(first)], [LiveCluster.deployment(second)]])
            alias.retry.maximumRetries = 0
            configuration.models = [alias]
        }) { cluster in
            let response = try await cluster.post("/v1/messages", json: #"{"model":"fast","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status.code == 500)
            let body = try response.json
            #expect(body["type"]?.stringValue == "error")
            let message = body[path: "error", "message"]?.stringValue ?? ""
            #expect(message.contains("first/model-x"))
            #expect(message.contains("second/model-x"))
            #expect(body[path: "error", "scope"]?.stringValue == "model:fast")
        }
    }

    @Test("A stream that stalls before its first content fails over invisibly")
    func stallBeforeFirstContent() async throws {
        let mocks = [
            MockUpstream.Configuration(provider: .anthropic, faults: .init(stallAfterChunks: 1, stallTimeout: .seconds(20))),
            MockUpstream.Configuration(provider: .openAI),
        ]
        try await LiveCluster.run(mocks: mocks, configure: { configuration, mocks in
            let stalling = LiveCluster.provider("stalling", mocks[0])
            let healthy = LiveCluster.provider("healthy", mocks[1])
            configuration.providers = [stalling, healthy]
            var alias = ModelAlias(name: "fast", tiers: [[LiveCluster.deployment(stalling)], [LiveCluster.deployment(healthy)]])
            alias.timeouts.firstToken = .milliseconds(500)
            configuration.models = [alias]
        }) { cluster in
            let response = try await cluster.post("/v1/messages", json: Self.streamedMessages)
            #expect(response.status == .ok)
            #expect(Self.header(response, "x-switchyard-provider") == "healthy")
            var text = ""
            for event in response.events where event.event == "content_block_delta" {
                text += try JSONValue(parsing: event.data)[path: "delta", "text"]?.stringValue ?? ""
            }
            #expect(text == cluster.mocks[1].behavior.replyText)
            #expect(!response.events.contains { $0.event == "error" })
        }
    }

    @Test("A stream that stalls after its first content ends with an error event at the idle timeout")
    func stallAfterFirstContent() async throws {
        let mocks = [MockUpstream.Configuration(provider: .openAI, faults: .init(stallAfterChunks: 2, stallTimeout: .seconds(20)))]
        try await LiveCluster.run(mocks: mocks, configure: { configuration, mocks in
            let only = LiveCluster.provider("only", mocks[0])
            configuration.providers = [only]
            var alias = ModelAlias(name: "fast", tiers: [[LiveCluster.deployment(only)]])
            alias.timeouts.idle = .milliseconds(500)
            configuration.models = [alias]
        }) { cluster in
            let response = try await cluster.post("/v1/chat/completions", json: Self.streamedChat)
            #expect(response.status == .ok)
            let last = try #require(response.events.last)
            #expect(try JSONValue(parsing: last.data)[path: "error", "code"]?.stringValue == "upstream_timeout")
        }
    }

    @Test("The breaker opens after N failures, skips the deployment without a call, and recovers through a probe")
    func breakerOpensAndRecovers() async throws {
        let mocks = [MockUpstream.Configuration(provider: .openAI, faults: .init(status: 500))]
        try await LiveCluster.run(mocks: mocks, configure: { configuration, mocks in
            let flaky = LiveCluster.provider("flaky", mocks[0])
            configuration.providers = [flaky]
            var alias = ModelAlias(name: "fast", tiers: [[LiveCluster.deployment(flaky)]])
            alias.retry.maximumRetries = 0
            configuration.models = [alias]
            configuration.resilience.breaker.consecutiveFailures = 3
            // Long enough that a busy machine (the whole suite runs in parallel) cannot let it pass between the
            // third failure and the call that must be skipped.
            configuration.resilience.breaker.cooldown = .seconds(3)
        }) { cluster in
            for _ in 0..<3 {
                #expect(try await cluster.post("/v1/chat/completions", json: Self.chat).status.code == 500)
            }
            #expect(try await cluster.health()["flaky/model-x"]?["breaker"]?.stringValue == "open")
            let skipped = try await cluster.post("/v1/chat/completions", json: Self.chat)
            #expect(skipped.status == .serviceUnavailable)
            #expect(try skipped.json[path: "error", "message"]?.stringValue?.contains("circuit breaker") == true)
            #expect(cluster.mocks[0].requests.count == 3, "an open breaker is skipped without a network call")

            cluster.mocks[0].setFaults(MockUpstream.Faults())
            try await Task.sleep(for: .milliseconds(3_100))
            let probe = try await cluster.post("/v1/chat/completions", json: Self.chat)
            #expect(probe.status == .ok)
            let report = try #require(try await cluster.health()["flaky/model-x"])
            #expect(report["breaker"]?.stringValue == "closed")
            #expect(report["breaker_openings"]?.intValue == 1)
        }
    }

    @Test("A prompt too long for the alias falls back to its larger-context alias")
    func contextWindowFallback() async throws {
        var small = MockUpstream.Configuration(provider: .openAI)
        small.behavior.contextWindowTokens = 100
        try await LiveCluster.run(mocks: [small, MockUpstream.Configuration(provider: .anthropic)], configure: { configuration, mocks in
            let short = LiveCluster.provider("short", mocks[0])
            let long = LiveCluster.provider("long", mocks[1])
            configuration.providers = [short, long]
            var fast = ModelAlias(name: "fast", tiers: [[LiveCluster.deployment(short)]])
            fast.fallbacks.contextWindow = "long-context"
            configuration.models = [fast, ModelAlias(name: "long-context", tiers: [[LiveCluster.deployment(long)]])]
        }) { cluster in
            let brief = try await cluster.post("/v1/chat/completions", json: Self.chat)
            #expect(Self.header(brief, "x-switchyard-provider") == "short")
            let essay = String(repeating: "All work and no play. ", count: 200)
            let long = try await cluster.post("/v1/chat/completions", json: #"{"model":"fast","messages":[{"role":"user","content":"\#(essay)"}]}"#)
            #expect(long.status == .ok)
            #expect(Self.header(long, "x-switchyard-provider") == "long")
            #expect(Self.header(long, "x-switchyard-route") == "context window exceeded on fast: fell back to alias long-context")
            #expect(try long.json[path: "choices", 0, "message", "content"]?.stringValue == cluster.mocks[1].behavior.replyText)
        }
    }

    @Test("A routing rule on a header sends the call to another alias")
    func routingRule() async throws {
        try await LiveCluster.run(mocks: [MockUpstream.Configuration(provider: .openAI), MockUpstream.Configuration(provider: .gemini)], configure: { configuration, mocks in
            let cheap = LiveCluster.provider("cheap", mocks[0])
            let premium = LiveCluster.provider("premium", mocks[1])
            configuration.providers = [cheap, premium]
            configuration.models = [
                ModelAlias(name: "fast", tiers: [[LiveCluster.deployment(cheap)]]),
                ModelAlias(name: "smart", tiers: [[LiveCluster.deployment(premium)]]),
            ]
            configuration.routingRules = [
                RoutingRule(name: "premium-tier", conditions: .init(headers: ["x-tier": "premium"]), alias: "smart")
            ]
        }) { cluster in
            let plain = try await cluster.post("/v1/chat/completions", json: Self.chat)
            #expect(Self.header(plain, "x-switchyard-provider") == "cheap")
            let premium = try await cluster.post("/v1/chat/completions", json: Self.chat, headers: [.init("x-tier")!: "premium"])
            #expect(premium.status == .ok)
            #expect(Self.header(premium, "x-switchyard-provider") == "premium")
            #expect(Self.header(premium, "x-switchyard-route") == "rule premium-tier chose alias smart")
        }
    }

    @Test("A full concurrency limit fails fast with a clear 503")
    func backpressure() async throws {
        let mocks = [MockUpstream.Configuration(provider: .openAI, faults: .init(latency: .milliseconds(600)))]
        try await LiveCluster.run(mocks: mocks, configure: { configuration, mocks in
            let slow = LiveCluster.provider("slow", mocks[0])
            configuration.providers = [slow]
            var deployment = LiveCluster.deployment(slow)
            deployment.concurrency = ConcurrencyLimit(maximumConcurrent: 1, maximumQueued: 0)
            var alias = ModelAlias(name: "fast", tiers: [[deployment]])
            alias.retry.maximumRetries = 0
            configuration.models = [alias]
        }) { cluster in
            let port = try #require(cluster.client.port)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<2 {
                    group.addTask { try await Self.send(Self.chat, path: "/v1/chat/completions", port: port).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.sorted() == [200, 503])
        }
    }

    /// Sends a request over a fresh connection (the test client has only one) and returns its status and body.
    static func send(_ json: String, path: String, port: Int) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}
