import Foundation
import Hummingbird
import NIOCore
import SwitchyardCore
import SwitchyardEngine
import SwitchyardProviders

/// `GET /v1/models`: the aliases the caller's key may use, cheapest first, in OpenAI's list shape.
struct ModelsController: Sendable {
    let catalog: ModelCatalog
    /// The time reported as every model's `created`: when the configuration was loaded.
    let loadedAt: Date

    struct ModelList: Encodable {
        let object = "list"
        let data: [Model]
    }

    struct Model: Encodable {
        let id: String
        let object = "model"
        let created: Int
        // swiftlint:disable:next identifier_name
        let owned_by: String
    }

    func handle(_ request: Request, context: GatewayRequestContext) throws -> Response {
        let created = Int(loadedAt.timeIntervalSince1970)
        let models = try catalog.aliases(usableBy: context.authenticatedPrincipal()).map { alias in
            Model(id: alias.name, created: created, owned_by: alias.deployments.first?.provider ?? "switchyard")
        }
        let bytes = WireJSON.encode(ModelList(data: models))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
