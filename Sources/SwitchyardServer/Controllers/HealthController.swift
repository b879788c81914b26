import Hummingbird
import NIOCore
import SwitchyardCore
import SwitchyardEngine
import SwitchyardProviders

/// `GET /healthz` (the process is up) and `GET /readyz`: configuration loaded and the store answers (else 503),
/// with the telemetry exporters and every deployment's circuit breaker reported beside.
struct HealthController: Sendable {
    let store: any StoreHealthCheck
    let catalog: ModelCatalog
    let health: DeploymentHealth
    /// What telemetry is exported where, and the exporter's last failure.
    let telemetry: TelemetryStatus

    struct Readiness: Encodable {
        let status: String
        let store: String
        let providers: Int
        let models: Int
        let telemetry: [String: String]
        let breakers: [String: String]
    }

    func live(_ request: Request, context: GatewayRequestContext) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
    }

    func ready(_ request: Request, context: GatewayRequestContext) async -> Response {
        var storeStatus = "ok"
        do {
            try await store.checkHealth()
        } catch {
            context.logger.error("Store health check failed", metadata: ["error": "\(error)"])
            storeStatus = "unreachable"
        }
        let ready = storeStatus == "ok"
        let readiness = Readiness(
            status: ready ? "ready" : "not_ready",
            store: storeStatus,
            providers: catalog.providers.count,
            models: catalog.aliases.count,
            telemetry: telemetry.report,
            breakers: Dictionary(health.report(now: .now).map { ($0.id, $0.breaker) }, uniquingKeysWith: { first, _ in first })
        )
        return Response(
            status: ready ? .ok : .serviceUnavailable,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: WireJSON.encode(readiness)))
        )
    }
}
