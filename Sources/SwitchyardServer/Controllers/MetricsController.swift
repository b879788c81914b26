import Hummingbird
import NIOCore
import Prometheus
import SwitchyardEngine

/// `GET /metrics`: every series in Prometheus text exposition format. Breaker states and queue depths are
/// sampled at scrape time.
struct MetricsController: Sendable {
    let registry: PrometheusCollectorRegistry
    let metrics: GatewayMetrics
    let health: DeploymentHealth
    /// The batching writers whose queue depth is reported, by queue name.
    let queueDepths: @Sendable () -> [(queue: String, depth: Int)]

    func handle(_ request: Request, context: GatewayRequestContext) -> Response {
        for report in health.report(now: .now) {
            metrics.recordBreakerState(deployment: report.id, state: Self.breakerStateValue(report.breaker))
        }
        for (queue, depth) in queueDepths() {
            metrics.recordQueueDepth(queue: queue, depth: depth)
        }
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// 0 closed, 1 half open, 2 open.
    static func breakerStateValue(_ state: String) -> Int {
        switch state {
        case "open": 2
        case "half_open": 1
        default: 0
        }
    }
}
