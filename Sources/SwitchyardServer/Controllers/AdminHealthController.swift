import Hummingbird
import NIOCore
import SwitchyardEngine
import SwitchyardProviders

/// `GET /admin/health/deployments`: each deployment's breaker state, recent error rate, load and latency.
struct AdminHealthController: Sendable {
    let health: DeploymentHealth

    struct Body: Encodable {
        let deployments: [DeploymentHealthReport]
    }

    func deployments(_ request: Request, context: GatewayRequestContext) -> Response {
        let body = Body(deployments: health.report(now: .now))
        return Response(
            status: .ok,
            headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: WireJSON.encode(body)))
        )
    }
}
