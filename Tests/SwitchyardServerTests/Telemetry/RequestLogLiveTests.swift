import Foundation
import Synchronization
import HTTPTypes
import HummingbirdTesting
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import SwitchyardStorage
import SwitchyardTesting
import Testing

/// Live requests become request-log entries as their capture policy says.
@Suite("Request log, live")
struct RequestLogLiveTests {
    static func entry(_ store: InMemoryStore, _ requestID: String) async throws -> RequestLogEntry {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if let entry = try await store.request(id: requestID) { return entry }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw SwitchyardError(code: .notFound, message: "no request-log entry for \(requestID)")
    }

    @Test("A failover is logged with its stages, both attempts, usage and cost, and no payload under `metadata`")
    func failoverEntry() async throws {
        let store = InMemoryStore()
        let mocks = [MockUpstream.Configuration(provider: .openAI, faults: .init(status: 503)), MockUpstream.Configuration(provider: .openAI)]
        try await LiveCluster.run(mocks: mocks, store: store, configure: { configuration, mocks in
            let down = LiveCluster.provider("down", mocks[0])
            let up = LiveCluster.provider("up", mocks[1])
            configuration.providers = [down, up]
            var alias = ModelAlias(name: "fast", targets: [LiveCluster.deployment(down), LiveCluster.deployment(up)])
            alias.retry.maximumRetries = 0
            alias.price = ModelPrice(input: Money(decimalDollars: "1")!, output: Money(decimalDollars: "2")!)
            configuration.models = [alias]
        }) { cluster in
            let response = try await cluster.post("/v1/chat/completions", json: #"{"model":"fast","messages":[{"role":"user","content":"hi"}]}"#)
            #expect(response.status == .ok)
            let id = try #require(response.headers[HTTPField.Name("x-switchyard-request-id")!])
            let entry = try await Self.entry(store, id)
            #expect(entry.api == "openai.chat_completions")
            #expect(entry.model == "fast")
            #expect(entry.provider == "up")
            #expect(entry.status == 200 && entry.outcome == "ok")
            #expect(entry.capture == .metadata)
            #expect(entry.requestBody == nil && entry.responseBody == nil)
            #expect(entry.stages.map(\.name) == ["metering", "policy", "runaway", "budget"])
            #expect(entry.attempts.map(\.provider) == ["down", "up"])
            #expect(entry.attempts[0].failure == "upstream_unavailable")
            #expect(entry.attempts[1].failure == nil)
            #expect(entry.attempts[1].startMicroseconds >= entry.attempts[0].startMicroseconds)
            // The mock reports 12 fresh + 8 cached input and 5 output tokens: 20 × 1,000 + 5 × 2,000 nanodollars.
            #expect(entry.usage.totalInputTokens == 20 && entry.usage.outputTokens == 5)
            #expect(entry.cost == Money(nanodollars: 30_000))
            #expect(entry.durationMicroseconds >= entry.overheadMicroseconds)
            #expect(entry.timeToFirstTokenMicroseconds != nil)
        }
    }

    @Test("The entries of the last calls before a graceful shutdown are written, though their building was still queued")
    func lastEntriesSurviveShutdown() async throws {
        let store = InMemoryStore()
        // Naps of a second: the entries are still waiting on the background thread when the server stops.
        let slowBackground = BackgroundExecutor(pollInterval: .seconds(1), name: "bg-slow")
        let ids = Mutex<[String]>([])
        try await LiveGateway.run(upstream: .openAI, store: store, background: slowBackground) { gateway in
            for _ in 0..<3 {
                let response = try await gateway.post("/v1/chat/completions", json: #"{"model":"test-model","messages":[{"role":"user","content":"hi"}]}"#)
                #expect(response.status == .ok)
                let id = try #require(response.headers[HTTPField.Name("x-switchyard-request-id")!])
                ids.withLock { $0.append(id) }
            }
        }
        // The gateway has shut down: whatever the request log holds now is all it will ever hold.
        for id in ids.withLock({ $0 }) {
            #expect(try await store.request(id: id) != nil, "no entry for \(id)")
        }
    }

    @Test("Under `redacted` the payloads are kept with secrets masked; `none` keeps no entry; a refusal names its stage")
    func captureModes() async throws {
        try await MinuteBoundary.waitUntilFarFromIt()
        let store = InMemoryStore()
        let redacted = try await KeyIssuer(store: store).issue(.init(name: "redacted"))
        let silent = try await KeyIssuer(store: store).issue(.init(name: "silent"))
        let plain = try await KeyIssuer(store: store).issue(.init(name: "plain"))
        try await LiveGateway.run(upstream: .anthropic, store: store, configure: { configuration in
            configuration.requestLog.captureOverrides = [
                (QuotaScope(.key, "redacted"), .redacted),
                (QuotaScope(.key, "silent"), .none),
                (QuotaScope(.session, "audited"), .full),
            ]
            configuration.quotas = [Quota(id: "rpm", kind: .rateLimit, scope: QuotaScope(.key, "redacted"), metric: .requests, limit: 1, window: .minute)]
        }) { gateway in
            let secret = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789"
            let body = #"{"model":"test-model","max_tokens":20,"messages":[{"role":"user","content":"my key is \#(secret), mail me at jane@example.com"}]}"#
            let first = try await gateway.post("/v1/messages", json: body, headers: [.authorization: "Bearer \(redacted.secret)"])
            #expect(first.status == .ok)
            let entry = try await Self.entry(store, try #require(first.headers[HTTPField.Name("x-switchyard-request-id")!]))
            #expect(entry.capture == .redacted)
            #expect(entry.keyName == "redacted")
            let request = try #require(entry.requestBody)
            #expect(!request.contains(secret) && !request.contains("jane@example.com"))
            #expect(request.contains("[REDACTED:"))
            #expect(try #require(entry.responseBody).contains("Hello from the mock"))

            let refused = try await gateway.post("/v1/messages", json: body, headers: [.authorization: "Bearer \(redacted.secret)"])
            #expect(refused.status == .tooManyRequests)
            let refusal = try await Self.entry(store, try #require(refused.headers[HTTPField.Name("x-switchyard-request-id")!]))
            #expect(refusal.status == 429 && refusal.outcome == "rate_limited")
            #expect(refusal.stages.first { $0.name == "budget" }?.refusal == "rate_limited")
            #expect(refusal.attempts.isEmpty)

            // A session override is chosen from the whole caller, headers included, and beats the default.
            let audited = try await gateway.post("/v1/messages", json: body, headers: [
                .authorization: "Bearer \(plain.secret)", HTTPField.Name("x-switchyard-session")!: "audited",
            ])
            let auditedEntry = try await Self.entry(store, try #require(audited.headers[HTTPField.Name("x-switchyard-request-id")!]))
            #expect(auditedEntry.capture == .full)
            #expect(auditedEntry.requestBody?.contains("jane@example.com") == true)

            let quiet = try await gateway.post("/v1/messages", json: body, headers: [.authorization: "Bearer \(silent.secret)"])
            #expect(quiet.status == .ok)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await store.request(id: try #require(quiet.headers[HTTPField.Name("x-switchyard-request-id")!])) == nil)
        }
    }
}
