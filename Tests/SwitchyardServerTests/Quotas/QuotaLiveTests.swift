import AsyncHTTPClient
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import SwitchyardStorage
import SwitchyardTesting
import Testing

/// Budgets, rate limits and runaway protection through a live gateway and a real upstream client.
@Suite("Quotas, live")
struct QuotaLiveTests {
    /// $1 per million input tokens, $2 per million output tokens: a token costs 1,000 or 2,000 nanodollars.
    static let price = ModelPrice(input: Money(decimalDollars: "1")!, output: Money(decimalDollars: "2")!)
    /// "hi" is 2 bytes: the input bound is 2 + 8 (one message) + 16 = 26 tokens.
    static let body = #"{"model":"test-model","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}"#
    /// The worst case of ``body``: 26 × 1,000 + 100 × 2,000 nanodollars.
    static let worstCase: Int64 = 226_000
    /// The upstream reports exactly the worst case, so no call hands anything back and the count is exact.
    static let behavior = MockUpstream.Behavior(replyText: "Hello.", usage: Usage(inputTokens: 26, outputTokens: 100))

    static func pricedAlias(_ configuration: inout SwitchyardConfiguration) {
        configuration.models[0].price = price
    }

    static func issueKey(in store: InMemoryStore, name: String) async throws -> (VirtualKey, String) {
        let issued = try await KeyIssuer(store: store).issue(.init(name: name))
        return (issued.key, issued.secret)
    }

    static func send(_ json: String, path: String = "/v1/chat/completions", port: Int, key: String, headers: [(String, String)] = [])
        async throws -> (status: Int, headers: HTTPHeaders, body: String)
    {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "authorization", value: "Bearer \(key)")
        request.headers.add(name: "anthropic-version", value: "2023-06-01")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: json))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers, String(buffer: body))
    }

    @Test("200 concurrent calls against a budget of exactly 50 worst cases: 50 admitted, the ledger sums the upstream's usage")
    func concurrentBudget() async throws {
        let store = InMemoryStore()
        let (key, secret) = try await Self.issueKey(in: store, name: "ci-bot")
        try await store.insertQuota(
            Quota(id: "quota_ci", kind: .budget, scope: QuotaScope(.key, key.id), metric: .usd, limit: 50 * Self.worstCase, window: .day)
        )
        try await LiveGateway.run(upstream: .openAI, faults: .init(latency: .milliseconds(50)), behavior: Self.behavior, store: store, configure: Self.pricedAlias) {
            gateway in
            let port = try #require(gateway.client.port)
            let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for _ in 0..<200 {
                    group.addTask {
                        let (status, _, body) = try await Self.send(Self.body, port: port, key: secret)
                        return (status, body)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let admitted = results.filter { $0.0 == 200 }
            let refused = results.filter { $0.0 == 429 }
            #expect(admitted.count == 50)
            #expect(refused.count == 150)
            #expect(refused.allSatisfy { $0.1.contains(#""code":"budget_exceeded""#) && $0.1.contains("key:ci-bot/day") })
            #expect(gateway.mock.requests.count == 50)

            let ledger = try await store.usage(UsageQuery(filters: [.key: key.id]))
            let total = try #require(ledger.first)
            #expect(total.requests == 200)
            #expect(total.errors == 150)
            #expect(total.usage == Usage(inputTokens: 50 * 26, outputTokens: 50 * 100))
            #expect(total.cost == Money(nanodollars: 50 * Self.worstCase))
        }
    }

    @Test("A rate limit answers with the client API's headers, then 429 with Retry-After once it is spent")
    func rateLimit() async throws {
        try await MinuteBoundary.waitUntilFarFromIt()
        let store = InMemoryStore()
        let (key, secret) = try await Self.issueKey(in: store, name: "agent")
        try await store.insertQuota(Quota(id: "quota_rpm", kind: .rateLimit, scope: QuotaScope(.key, key.id), metric: .requests, limit: 3, window: .minute))
        try await LiveGateway.run(upstream: .openAI, store: store) { gateway in
            let port = try #require(gateway.client.port)
            for expectedRemaining in [2, 1] {
                let (status, headers, _) = try await Self.send(Self.body, port: port, key: secret)
                #expect(status == 200)
                #expect(headers.first(name: "x-ratelimit-limit-requests") == "3")
                #expect(headers.first(name: "x-ratelimit-remaining-requests") == String(expectedRemaining))
                #expect(headers.first(name: "x-ratelimit-reset-requests")?.hasSuffix("s") == true)
            }
            let anthropic = #"{"model":"test-model","max_tokens":100,"messages":[{"role":"user","content":"hi"}]}"#
            let (status, headers, _) = try await Self.send(anthropic, path: "/v1/messages", port: port, key: secret)
            #expect(status == 200)
            #expect(headers.first(name: "anthropic-ratelimit-requests-remaining") == "0")
            #expect(headers.first(name: "anthropic-ratelimit-requests-reset").flatMap { try? Date($0, strategy: .iso8601) } != nil)

            let (refusedStatus, refusedHeaders, body) = try await Self.send(Self.body, port: port, key: secret)
            #expect(refusedStatus == 429)
            #expect(body.contains(#""code":"rate_limit_exceeded""#))
            #expect(body.contains("3 requests of 3 requests is used this minute"))
            let retryAfter = try #require(refusedHeaders.first(name: "retry-after").flatMap(Int.init))
            #expect((1...60).contains(retryAfter))
        }
    }

    @Test("An agent sending the same request again and again is refused as a loop; a different request, or a call from no agent, passes")
    func loopDetection() async throws {
        try await LiveGateway.run(upstream: .anthropic, configure: { $0.runaway.loopThreshold = 3 }) { gateway in
            let port = try #require(gateway.client.port)
            let agent = [("x-switchyard-agent", "researcher")]
            for _ in 0..<2 {
                #expect(try await Self.send(Self.body, path: "/v1/messages", port: port, key: "unused", headers: agent).status == 200)
            }
            let (status, _, body) = try await Self.send(Self.body, path: "/v1/messages", port: port, key: "unused", headers: agent)
            #expect(status == 429)
            #expect(body.contains(#""type":"rate_limit_error""#))
            #expect(body.contains(#""code":"loop_detected""#))
            #expect(body.contains("agent researcher"))
            let other = Self.body.replacingOccurrences(of: "hi", with: "hello")
            #expect(try await Self.send(other, path: "/v1/messages", port: port, key: "unused", headers: agent).status == 200)
            // Without an agent or session, repeating a request is an application's business.
            for _ in 0..<4 {
                #expect(try await Self.send(Self.body, path: "/v1/messages", port: port, key: "unused").status == 200)
            }
        }
    }

    @Test("A session's step limit refuses its next call with step_limit_exceeded; other sessions go on")
    func sessionStepLimit() async throws {
        let stepLimit = Quota(id: "steps", kind: .stepLimit, scope: QuotaScope(.session), metric: .requests, limit: 2, window: .total)
        try await LiveGateway.run(upstream: .openAI, configure: { $0.quotas = [stepLimit] }) { gateway in
            let port = try #require(gateway.client.port)
            for turn in 0..<2 {
                let body = Self.body.replacingOccurrences(of: "hi", with: "turn \(turn)")
                #expect(try await Self.send(body, port: port, key: "unused", headers: [("x-switchyard-session", "run-1")]).status == 200)
            }
            let (status, _, body) = try await Self.send(Self.body, port: port, key: "unused", headers: [("x-switchyard-session", "run-1")])
            #expect(status == 429)
            #expect(body.contains(#""code":"step_limit_exceeded""#))
            #expect(body.contains("session:run-1/total"))
            #expect(try await Self.send(Self.body, port: port, key: "unused", headers: [("x-switchyard-session", "run-2")]).status == 200)
        }
    }

    @Test("A deployment whose own rate limit is spent is skipped for the next tier, without a call to it")
    func deploymentRateLimit() async throws {
        try await MinuteBoundary.waitUntilFarFromIt()
        let mocks = [MockUpstream.Configuration(provider: .openAI), MockUpstream.Configuration(provider: .openAI)]
        try await LiveCluster.run(mocks: mocks, configure: { configuration, mocks in
            let primary = LiveCluster.provider("primary", mocks[0])
            let spare = LiveCluster.provider("spare", mocks[1])
            configuration.providers = [primary, spare]
            configuration.models = [ModelAlias(name: "fast", targets: [LiveCluster.deployment(primary), LiveCluster.deployment(spare)])]
            configuration.quotas = [
                Quota(id: "primary-rpm", kind: .rateLimit, scope: QuotaScope(.deployment, "primary/model-x"), metric: .requests, limit: 2, window: .minute)
            ]
        }) { cluster in
            var providers: [String] = []
            for turn in 0..<3 {
                let response = try await cluster.post("/v1/chat/completions", json: #"{"model":"fast","messages":[{"role":"user","content":"turn \#(turn)"}]}"#)
                #expect(response.status == .ok)
                providers.append(response.headers[HTTPField.Name("x-switchyard-provider")!] ?? "")
            }
            #expect(providers == ["primary", "primary", "spare"])
            #expect(cluster.mocks[0].requests.count == 2)
        }
    }
}
