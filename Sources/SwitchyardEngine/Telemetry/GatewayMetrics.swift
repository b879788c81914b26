import Metrics
import SwitchyardCore

/// The gateway's metric series, reported through one `MetricsFactory` (Prometheus in production, a test
/// factory in tests). Names follow Prometheus conventions; every series of a name has the same label names.
///
/// | series | labels |
/// | --- | --- |
/// | `switchyard_requests_total` | api, model, provider, outcome |
/// | `switchyard_request_duration_seconds` (histogram) | api, model, outcome |
/// | `switchyard_time_to_first_token_seconds` (histogram) | api, model, provider |
/// | `switchyard_overhead_seconds` (histogram) — total minus time blocked on upstreams, as `x-switchyard-overhead-ms` | api |
/// | `switchyard_attempts_total` | model, deployment, provider, outcome |
/// | `switchyard_attempt_duration_seconds` (histogram) | deployment, provider |
/// | `switchyard_tokens_total` | model, provider, kind (input, cache_read, cache_write, cache_write_1h, output, reasoning) |
/// | `switchyard_cost_usd_total` | model, provider |
/// | `switchyard_breaker_state` (0 closed, 1 half open, 2 open) | deployment |
/// | `switchyard_queue_depth` | queue (ledger, request_log) |
/// | `switchyard_writes_dropped_total` | queue |
/// | `switchyard_quota_alerts_total` | quota, kind, percent |
public struct GatewayMetrics: Sendable {
    /// Where the series are reported.
    public let factory: any MetricsFactory
    private let handles: MetricHandles

    /// Metrics reported to `factory`.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        self.handles = MetricHandles(factory: factory)
    }

    /// One request answered: its outcome, total duration, time to first token and overhead.
    public func recordRequest(
        api: String,
        model: String,
        provider: String?,
        outcome: String,
        duration: Duration,
        timeToFirstToken: Duration?,
        overhead: Duration
    ) {
        handles.counter("switchyard_requests_total", [("api", api), ("model", model), ("provider", provider ?? "none"), ("outcome", outcome)]).increment()
        handles.timer("switchyard_request_duration_seconds", [("api", api), ("model", model), ("outcome", outcome)])
            .record(duration: duration)
        if let timeToFirstToken {
            handles.timer("switchyard_time_to_first_token_seconds", [("api", api), ("model", model), ("provider", provider ?? "none")]).record(duration: timeToFirstToken)
        }
        handles.timer("switchyard_overhead_seconds", [("api", api)]).record(duration: overhead)
    }

    /// One attempt on one deployment ended (reached its first content, failed, or was skipped).
    public func recordAttempt(model: String, deployment: String, provider: String, outcome: String, duration: Duration) {
        handles.counter("switchyard_attempts_total", [("model", model), ("deployment", deployment), ("provider", provider), ("outcome", outcome)]).increment()
        handles.timer("switchyard_attempt_duration_seconds", [("deployment", deployment), ("provider", provider)])
            .record(duration: duration)
    }

    /// The tokens and cost of one finished call.
    public func recordUsage(model: String, provider: String?, usage: Usage, cost: Money) {
        let provider = provider ?? "none"
        let kinds: [(String, Int)] = [
            ("input", usage.inputTokens),
            ("cache_read", usage.cacheReadTokens),
            ("cache_write", usage.cacheWriteTokens),
            ("cache_write_1h", usage.cacheWrite1hTokens),
            ("output", usage.outputTokens),
            ("reasoning", usage.reasoningTokens),
        ]
        for (kind, count) in kinds where count > 0 {
            handles.counter("switchyard_tokens_total", [("model", model), ("provider", provider), ("kind", kind)])
                .increment(by: count)
        }
        if cost > .zero {
            handles.floatingPointCounter("switchyard_cost_usd_total", [("model", model), ("provider", provider)])
                .increment(by: Double(cost.nanodollars) / 1e9)
        }
    }

    /// A deployment's circuit breaker state: 0 closed, 1 half open, 2 open.
    public func recordBreakerState(deployment: String, state: Int) {
        handles.gauge("switchyard_breaker_state", [("deployment", deployment)]).record(state)
    }

    /// How many entries wait in a batching writer's queue.
    public func recordQueueDepth(queue: String, depth: Int) {
        handles.gauge("switchyard_queue_depth", [("queue", queue)]).record(depth)
    }

    /// An entry a full queue dropped.
    public func recordDroppedWrite(queue: String) {
        handles.counter("switchyard_writes_dropped_total", [("queue", queue)]).increment()
    }
}
