import Crypto
import Hummingbird
import SwitchyardCore

/// Guards `/admin/`: the configured admin key (`server.admin_key`) must be presented as `Authorization: Bearer`
/// or `x-api-key`. With no admin key configured, the admin API answers only on a server bound to loopback.
public struct AdminAuthenticationMiddleware: RouterMiddleware {
    public typealias Context = GatewayRequestContext

    private let adminKeyDigest: SHA256.Digest?
    private let bindsLoopbackOnly: Bool

    /// Guards with `adminKey`, or with the loopback rule when it is `nil`.
    public init(adminKey: String?, bindsLoopbackOnly: Bool) {
        self.adminKeyDigest = adminKey.map { SHA256.hash(data: Array($0.utf8)) }
        self.bindsLoopbackOnly = bindsLoopbackOnly
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let adminKeyDigest {
            let presented = AuthenticationMiddleware.presentedSecret(in: request.headers) ?? ""
            // Comparing digests keeps the comparison's time independent of where the strings differ.
            guard SHA256.hash(data: Array(presented.utf8)) == adminKeyDigest else {
                return refusal("The admin API needs the admin key (server.admin_key) as `Authorization: Bearer KEY`.", context: context)
            }
        } else if !bindsLoopbackOnly {
            return refusal("The admin API is closed: set server.admin_key to use it on a non-loopback address.", context: context)
        }
        return try await next(request, context)
    }

    private func refusal(_ message: String, context: Context) -> Response {
        let failure = SwitchyardError(code: .authenticationFailed, message: message, stage: .authentication, scope: "admin")
        return ClientAPI.openAI.errorResponse(failure, requestID: context.requestID)
    }
}
