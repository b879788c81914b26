import Benchmark
import Logging
import SwitchyardCore
import SwitchyardEngine
import SwitchyardStorage

/// What budget admission costs a call: the budget stage finding the quotas that bind the caller, holding the
/// call's worst case against each from the replica's leased allotment, and settling to the real usage when the
/// answer ends — with no quota, with a global dollar budget, and with that budget plus request and token rate
/// limits on the calling key. The allotments are leased before measuring, as a running replica holds them.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    let key = Principal(keyID: "key-bench")
    let budget = Quota(id: "budget", kind: .budget, scope: QuotaScope(.global), metric: .usd, limit: 1_000_000_000_000_000, window: .month)
    let requestRate = Quota(id: "rpm", kind: .rateLimit, scope: QuotaScope(.key, "key-bench"), metric: .requests, limit: 1_000_000_000, window: .minute)
    let tokenRate = Quota(id: "tpm", kind: .rateLimit, scope: QuotaScope(.key, "key-bench"), metric: .tokens, limit: 1_000_000_000_000, window: .minute)

    Benchmark("Admission and settlement, no quota") { benchmark in
        let fixture = await AdmissionFixture(quotas: [])
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await fixture.admitAndSettle(principal: key))
        }
    }

    Benchmark("Admission and settlement, a global dollar budget") { benchmark in
        let fixture = await AdmissionFixture(quotas: [budget])
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await fixture.admitAndSettle(principal: key))
        }
    }

    Benchmark("Admission and settlement, budget plus request and token rate limits") { benchmark in
        let fixture = await AdmissionFixture(quotas: [budget, requestRate, tokenRate])
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await fixture.admitAndSettle(principal: key))
        }
    }
}

/// The budget stage over an in-memory store, in front of an upstream that answers at once with usage.
struct AdmissionFixture: Sendable {
    let stage: QuotaStage
    let request: ChatRequest

    /// A stage enforcing `quotas`, warmed by one call so its allotments are leased.
    init(quotas: [Quota]) async {
        let logger = Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() })
        let enforcer = QuotaEnforcer(store: InMemoryStore(), configuredQuotas: quotas, settings: QuotaSettings(), transport: nil, logger: logger)
        let price = ModelPrice(input: Money(decimalDollars: "0.15")!, output: Money(decimalDollars: "0.60")!)
        let deployment = Deployment(
            provider: "upstream",
            kind: .openAI,
            model: "gpt-4o-mini",
            endpoint: UpstreamEndpoint(baseURL: "http://127.0.0.1:9/v1", apiKey: "k"),
            price: price
        )
        let catalog = ModelCatalog(
            providers: [ProviderSettings(name: "upstream", kind: .openAI, endpoint: deployment.endpoint)],
            aliases: [ModelAlias(name: "bench", targets: [deployment], price: price)]
        )
        stage = QuotaStage(enforcer: enforcer, catalog: catalog)
        request = ChatRequest(model: "bench", messages: [Message(role: .user, content: [.text(TextPart(text: "Say hello."))])], maxTokens: 64)
        _ = try? await admitAndSettle(principal: Principal(keyID: "key-bench"))
    }

    /// One call through the stage: admitted, answered with 11 input and 9 output tokens, settled.
    func admitAndSettle(principal: Principal) async throws -> Int {
        let context = CallContext(requestID: "req-bench", principal: principal, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        let events = try await stage.intercept(request, context: context) { _, _ in
            ChatEventStream { continuation in
                continuation.yield(.messageStart(MessageStart(id: "msg", model: "gpt-4o-mini")))
                continuation.yield(.messageDelta(MessageDelta(stopReason: .endTurn, usage: Usage(inputTokens: 11, outputTokens: 9))))
                continuation.yield(.messageStop)
                continuation.finish()
            }
        }
        var count = 0
        for try await _ in events {
            count += 1
        }
        return count
    }
}
