import Benchmark
import Logging
import SwitchyardCore
import SwitchyardEngine
import SwitchyardStorage

/// What budget admission costs a call: the budget stage finding the quotas that bind the caller, holding the
/// call's worst case against each from the replica's leased allotment, and settling to the real usage when the
/// answer ends — with no quota, with a global dollar budget (for a one-line question and for a long agent's
/// request), and with that budget plus request and token rate limits on the calling key. The allotments are
/// leased before measuring, as a running replica holds them. And what the loop detector's fingerprint of a long
/// agent's request costs, the other stage before the upstream that reads the whole request.
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

    Benchmark("Admission and settlement, a global dollar budget, a long agent's request") { benchmark in
        let fixture = await AdmissionFixture(quotas: [budget], request: AdmissionFixture.agentRequest)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try await fixture.admitAndSettle(principal: key))
        }
    }

    Benchmark("Loop detection, a long agent's request") { benchmark in
        // Each iteration's request differs (its first message), as an agent's successive calls do: none is refused.
        let stage = LoopDetectionStage(detector: LoopDetector(threshold: 10, window: .seconds(60)), coversAllCalls: false)
        let agent = Principal(keyID: "key-bench", agent: "coder")
        let context = CallContext(requestID: "req-bench", principal: agent, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        var request = AdmissionFixture.agentRequest
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            request.messages[0] = Message(role: .user, content: [.text(TextPart(text: "Step \(iteration)."))])
            blackHole(try await stage.intercept(request, context: context) { _, _ in ChatEventStream { $0.finish() } })
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

    /// A one-line question.
    static let shortRequest = ChatRequest(model: "bench", messages: [Message(role: .user, content: [.text(TextPart(text: "Say hello."))])], maxTokens: 64)

    /// A long-running agent's request, as the Translation benchmarks' Anthropic one decodes: eight tools and 60
    /// messages — 30 rounds of a tool call and its result of about 1 KB.
    static let agentRequest: ChatRequest = {
        let schema: JSONValue = .object([
            "type": .string("object"),
            "properties": .object([
                "path": .object(["type": .string("string"), "description": .string("A path in the repository.")]),
                "limit": .object(["type": .string("integer"), "minimum": .int(1)]),
            ]),
            "required": .array([.string("path")]),
        ])
        let tools = (0..<8).map {
            ToolDefinition(name: "tool_\($0)", description: "Reads part of the repository and returns what it finds there.", inputSchema: schema)
        }
        let result = String(repeating: "line of a source file that the tool read back to the agent; ", count: 16)
        var messages = [Message(role: .user, content: [.text(TextPart(text: "Find why the build fails and fix it."))])]
        for round in 0..<30 {
            let input: JSONValue = .object(["path": .string("Sources/File\(round).swift"), "limit": .int(200)])
            messages.append(Message(role: .assistant, content: [
                .text(TextPart(text: "Looking at part \(round).")),
                .toolUse(ToolUse(id: "toolu_\(round)", name: "tool_\(round % 8)", input: input)),
            ]))
            messages.append(Message(role: .user, content: [.toolResult(ToolResult(toolUseID: "toolu_\(round)", content: [.text(TextPart(text: result))]))]))
        }
        return ChatRequest(model: "bench", system: [TextPart(text: "You are a coding agent.")], messages: messages, tools: tools, maxTokens: 4096)
    }()

    /// A stage enforcing `quotas` on calls of `request`, warmed by one call so its allotments are leased.
    init(quotas: [Quota], request: ChatRequest = shortRequest) async {
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
        self.request = request
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
