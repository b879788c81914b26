import Foundation
import Synchronization
import HTTPTypes
import HummingbirdTesting
import InMemoryTracing
import MetricsTestKit
import NIOCore
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import SwitchyardTesting
import Testing
import Tracing

/// The spans, attributes and metric series of live calls, recorded by in-memory backends.
@Suite("Tracing and metrics, live")
struct TracingTests {
    static let chat = #"{"model":"test-model","max_tokens":50,"messages":[{"role":"user","content":"hi"}]}"#
    static let price = ModelPrice(input: Money(decimalDollars: "1")!, output: Money(decimalDollars: "2")!)

    static func span(_ spans: [FinishedInMemorySpan], named name: String) throws -> FinishedInMemorySpan {
        try #require(spans.first { $0.operationName == name }, "no span \(name) among \(spans.map(\.operationName))")
    }

    /// Whether `span` descends from `ancestor` within `spans`.
    static func descends(_ span: FinishedInMemorySpan, from ancestor: FinishedInMemorySpan, in spans: [FinishedInMemorySpan]) -> Bool {
        var parent = span.spanContext.parentSpanID
        while let id = parent {
            if id == ancestor.spanID { return true }
            parent = spans.first { $0.spanID == id }?.spanContext.parentSpanID
        }
        return false
    }

    /// Waits for the root span, which ends once the response body is written.
    static func finishedSpans(_ tracer: InMemoryTracer, root: String) async throws -> [FinishedInMemorySpan] {
        let deadline = ContinuousClock.now + .seconds(5)
        while !tracer.finishedSpans.contains(where: { $0.operationName == root }), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return tracer.finishedSpans
    }

    @Test("A plain call: a root span, a span per stage, an attempt span with the GenAI attributes; metric series")
    func plainCall() async throws {
        let tracer = InMemoryTracer()
        let metrics = TestMetrics()
        let behavior = MockUpstream.Behavior(replyText: "A reply long enough that its bytes / 4 is not 5.", usage: Usage(inputTokens: 12, cacheReadTokens: 8, outputTokens: 5))
        try await LiveGateway.run(upstream: .openAI, behavior: behavior, tracer: tracer, metricsFactory: metrics, configure: {
            $0.models[0].price = Self.price
        }) { gateway in
            let response = try await gateway.post("/v1/chat/completions", json: Self.chat)
            #expect(response.status == .ok)
            let spans = try await Self.finishedSpans(tracer, root: "POST /v1/chat/completions")
            let root = try Self.span(spans, named: "POST /v1/chat/completions")
            #expect(root.kind == .server)
            #expect(root.attributes["http.response.status_code"]?.toSpanAttribute() == .int64(200))
            var enclosing = root
            for stage in ["switchyard.metering", "switchyard.policy", "switchyard.budget"] {
                let span = try Self.span(spans, named: stage)
                #expect(Self.descends(span, from: enclosing, in: spans), "\(stage) is nested in \(enclosing.operationName)")
                #expect(span.status?.code != .error)
                // Made after the response from the recorded timings, each stage span lies within the one around it.
                #expect(span.startInstant.nanosecondsSinceEpoch >= enclosing.startInstant.nanosecondsSinceEpoch)
                #expect(span.endInstant.nanosecondsSinceEpoch <= enclosing.endInstant.nanosecondsSinceEpoch)
                #expect(span.startInstant.nanosecondsSinceEpoch < span.endInstant.nanosecondsSinceEpoch)
                enclosing = span
            }
            let attempt = try Self.span(spans, named: "chat gpt-4o-mini")
            #expect(attempt.kind == .client)
            #expect(Self.descends(attempt, from: root, in: spans))
            #expect(attempt.traceID == root.traceID)
            let attributes = attempt.attributes
            #expect(attributes["gen_ai.operation.name"]?.toSpanAttribute() == .string("chat"))
            #expect(attributes["gen_ai.provider.name"]?.toSpanAttribute() == .string("openai"))
            #expect(attributes["gen_ai.request.model"]?.toSpanAttribute() == .string("gpt-4o-mini"))
            #expect(attributes["gen_ai.response.model"]?.toSpanAttribute() == .string("gpt-4o-mini"))
            #expect(attributes["gen_ai.usage.input_tokens"]?.toSpanAttribute() == .int64(20))
            #expect(attributes["gen_ai.usage.cache_read.input_tokens"]?.toSpanAttribute() == .int64(8))
            #expect(attributes["gen_ai.usage.output_tokens"]?.toSpanAttribute() == .int64(5))
            #expect(attributes["gen_ai.response.finish_reasons"]?.toSpanAttribute() == .stringArray(["end_turn"]))
            // 20 input tokens at $1/M and 5 output at $2/M.
            #expect(attributes["switchyard.cost_usd"]?.toSpanAttribute() == .string("0.000030000"))
            // No span carries a credential: neither the client's key nor the provider's.
            for span in spans {
                span.attributes.forEach { key, value in
                    let text = "\(value)"
                    #expect(!text.contains("upstream-secret") && !text.contains("unused-in-open-mode"), "\(span.operationName).\(key)")
                }
            }
            // The trace context went upstream with the request.
            let upstream = try #require(gateway.mock.requests.last)
            #expect(upstream.header(InMemoryTracer.traceIDKey) == root.traceID)

            let requests = try metrics.expectCounter(
                "switchyard_requests_total",
                [("api", "openai.chat_completions"), ("model", "test-model"), ("provider", "upstream"), ("outcome", "ok")]
            )
            #expect(requests.totalValue == 1)
            #expect(try metrics.expectCounter("switchyard_tokens_total", [("model", "test-model"), ("provider", "upstream"), ("kind", "cache_read")]).totalValue == 8)
            #expect(try metrics.expectTimer("switchyard_overhead_seconds", [("api", "openai.chat_completions")]).values.count == 1)
            let attempts = try metrics.expectCounter(
                "switchyard_attempts_total",
                [("model", "test-model"), ("deployment", "upstream/gpt-4o-mini"), ("provider", "upstream"), ("outcome", "ok")]
            )
            #expect(attempts.totalValue == 1)
        }
    }

    @Test("A caller's trace context is continued: the request's spans join the caller's trace")
    func inboundContext() async throws {
        let tracer = InMemoryTracer()
        try await LiveGateway.run(upstream: .anthropic, tracer: tracer) { gateway in
            let headers: HTTPFields = [
                HTTPField.Name(InMemoryTracer.traceIDKey)!: "caller-trace",
                HTTPField.Name(InMemoryTracer.spanIDKey)!: "caller-span",
            ]
            #expect(try await gateway.post("/v1/messages", json: Self.chat, headers: headers).status == .ok)
            let spans = try await Self.finishedSpans(tracer, root: "POST /v1/messages")
            let root = try Self.span(spans, named: "POST /v1/messages")
            #expect(root.traceID == "caller-trace")
            #expect(root.spanContext.parentSpanID == "caller-span")
            #expect(try Self.span(spans, named: "chat claude-haiku-4-5").traceID == "caller-trace")
        }
    }

    @Test("A failover: two attempt spans, the first failed with its error")
    func failover() async throws {
        let tracer = InMemoryTracer()
        let mocks = [MockUpstream.Configuration(provider: .openAI, faults: .init(status: 503)), MockUpstream.Configuration(provider: .openAI)]
        try await LiveCluster.run(mocks: mocks, tracer: tracer, configure: { configuration, mocks in
            let down = LiveCluster.provider("down", mocks[0])
            let up = LiveCluster.provider("up", mocks[1])
            configuration.providers = [down, up]
            var alias = ModelAlias(name: "fast", targets: [LiveCluster.deployment(down), LiveCluster.deployment(up)])
            alias.retry.maximumRetries = 0
            configuration.models = [alias]
        }) { cluster in
            #expect(try await cluster.post("/v1/chat/completions", json: #"{"model":"fast","messages":[{"role":"user","content":"hi"}]}"#).status == .ok)
            let spans = try await Self.finishedSpans(tracer, root: "POST /v1/chat/completions")
            let attempts = spans.filter { $0.operationName == "chat model-x" }.sorted { $0.startInstant.nanosecondsSinceEpoch < $1.startInstant.nanosecondsSinceEpoch }
            try #require(attempts.count == 2)
            #expect(attempts[0].attributes["switchyard.deployment"]?.toSpanAttribute() == .string("down/model-x"))
            #expect(attempts[0].status?.code == .error)
            #expect(attempts[0].attributes["error.type"]?.toSpanAttribute() == .string("upstream_unavailable"))
            #expect(attempts[0].attributes["http.response.status_code"]?.toSpanAttribute() == .int64(503))
            #expect(!attempts[0].errors.isEmpty)
            #expect(attempts[1].attributes["switchyard.deployment"]?.toSpanAttribute() == .string("up/model-x"))
            #expect(attempts[1].status?.code != .error)
        }
    }

    @Test("A budget refusal: the budget stage's span says which quota refused and why")
    func budgetRefusal() async throws {
        let tracer = InMemoryTracer()
        let budget = Quota(id: "tiny", kind: .budget, scope: QuotaScope(.global), metric: .usd, limit: 1, window: .day)
        try await LiveGateway.run(upstream: .openAI, tracer: tracer, configure: {
            $0.models[0].price = Self.price
            $0.quotas = [budget]
        }) { gateway in
            #expect(try await gateway.post("/v1/chat/completions", json: Self.chat).status == .tooManyRequests)
            let spans = try await Self.finishedSpans(tracer, root: "POST /v1/chat/completions")
            let stage = try Self.span(spans, named: "switchyard.budget")
            #expect(stage.status?.code == .error)
            #expect(stage.attributes["switchyard.refusal.code"]?.toSpanAttribute() == .string("budget_exceeded"))
            #expect(stage.attributes["switchyard.refusal.scope"]?.toSpanAttribute() == .string("global/day"))
            #expect(!spans.contains { $0.operationName.hasPrefix("chat ") }, "a refused call never reaches an upstream")
            // The stages around it passed the error on; they did not refuse.
            #expect(try Self.span(spans, named: "switchyard.metering").attributes["switchyard.refusal.code"] == nil)
        }
    }

    @Test("A trace that is not sampled gets no stage spans, and its calls are answered, whole and streamed")
    func unsampledTrace() async throws {
        let tracer = UnsampledTracer()
        try await LiveGateway.run(upstream: .openAI, tracer: tracer) { gateway in
            #expect(try await gateway.post("/v1/chat/completions", json: Self.chat).status == .ok)
            let streamed = #"{"model":"test-model","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
            let response = try await gateway.post("/v1/chat/completions", json: streamed)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("data: [DONE]"))
        }
        // The request and attempt spans are asked for — whether they are sampled is the tracer's to say — but no
        // stage spans are made under a span that records nothing.
        #expect(tracer.startedSpans.filter { $0.hasPrefix("switchyard.") } == [])
        #expect(tracer.startedSpans.filter { $0 == "POST /v1/chat/completions" }.count == 2)
    }

    @Test("A streamed call records its time to first token")
    func streamedTimeToFirstToken() async throws {
        let metrics = TestMetrics()
        try await LiveGateway.run(upstream: .anthropic, faults: .init(chunkDelay: .milliseconds(20)), metricsFactory: metrics) { gateway in
            let body = #"{"model":"test-model","max_tokens":50,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#
            #expect(try await gateway.post("/v1/messages", json: body).status == .ok)
            let firstToken = try metrics.expectTimer(
                "switchyard_time_to_first_token_seconds",
                [("api", "anthropic.messages"), ("model", "test-model"), ("provider", "upstream")]
            )
            let total = try metrics.expectTimer("switchyard_request_duration_seconds", [("api", "anthropic.messages"), ("model", "test-model"), ("outcome", "ok")])
            let first = try #require(firstToken.lastValue)
            let whole = try #require(total.lastValue)
            #expect(first > 0)
            #expect(first < whole, "the first token arrives before the stream ends")
        }
    }
}

/// A tracer whose every span is left out of the trace (as a sampler that drops it would), noting the names of the
/// spans it was asked to start.
private final class UnsampledTracer: Tracer, Sendable {
    private let started = Mutex<[String]>([])

    var startedSpans: [String] {
        started.withLock { $0 }
    }

    func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> ServiceContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> NoOpTracer.NoOpSpan {
        started.withLock { $0.append(operationName) }
        return NoOpTracer.NoOpSpan(context: context())
    }

    func forceFlush() {}

    func extract<Carrier, Extract: Extractor>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract.Carrier == Carrier {}

    func inject<Carrier, Inject: Injector>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject.Carrier == Carrier {}
}
