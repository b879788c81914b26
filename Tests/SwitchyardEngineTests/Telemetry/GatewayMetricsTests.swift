import CoreMetrics
import MetricsTestKit
import Synchronization
import SwitchyardCore
import SwitchyardEngine
import Testing

@Suite("Gateway metrics")
struct GatewayMetricsTests {
    @Test("A series is resolved in the factory once, however many requests report to it")
    func seriesResolvedOnce() {
        let factory = ResolutionCountingFactory()
        let metrics = GatewayMetrics(factory: factory)
        for _ in 0..<3 {
            metrics.recordRequest(api: "openai", model: "fast", provider: "openai", outcome: "ok", duration: .milliseconds(5), timeToFirstToken: nil, overhead: .microseconds(300))
            metrics.recordAttempt(model: "fast", deployment: "openai/gpt-4o-mini", provider: "openai", outcome: "ok", duration: .milliseconds(4))
            metrics.recordUsage(model: "fast", provider: "openai", usage: Usage(inputTokens: 10, outputTokens: 5), cost: Money(nanodollars: 4_500))
        }
        // requests_total, attempts_total, tokens_total (input, output); duration, overhead, attempt duration; cost.
        #expect(factory.resolutions == ["counter": 4, "timer": 3, "floatingPointCounter": 1])
        #expect(factory.recorded.counterTotal(label: "switchyard_requests_total", dimensions: [("api", "openai"), ("model", "fast"), ("provider", "openai"), ("outcome", "ok")]) == 3)
    }
}

/// Test metrics that count how often each kind of series is resolved.
private final class ResolutionCountingFactory: MetricsFactory, Sendable {
    let recorded = TestMetrics()
    private let counts = Mutex<[String: Int]>([:])

    var resolutions: [String: Int] { counts.withLock { $0 } }

    private func count(_ kind: String) {
        counts.withLock { $0[kind, default: 0] += 1 }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        count("counter")
        return recorded.makeCounter(label: label, dimensions: dimensions)
    }

    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        count("floatingPointCounter")
        return recorded.makeFloatingPointCounter(label: label, dimensions: dimensions)
    }

    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        count("recorder")
        return recorded.makeRecorder(label: label, dimensions: dimensions, aggregate: aggregate)
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        count("timer")
        return recorded.makeTimer(label: label, dimensions: dimensions)
    }

    func destroyCounter(_ handler: any CounterHandler) { recorded.destroyCounter(handler) }
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { recorded.destroyFloatingPointCounter(handler) }
    func destroyRecorder(_ handler: any RecorderHandler) { recorded.destroyRecorder(handler) }
    func destroyTimer(_ handler: any TimerHandler) { recorded.destroyTimer(handler) }
}
