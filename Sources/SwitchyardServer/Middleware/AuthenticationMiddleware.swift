import Hummingbird
import SwitchyardCore
import SwitchyardEngine

/// Authenticates every model route: turns the presented key into the context's ``GatewayRequestContext/principal``,
/// or refuses the request in the caller's own error envelope.
///
/// Keys arrive as `Authorization: Bearer KEY` (OpenAI, and the current Anthropic SDK) or `x-api-key: KEY`
/// (Anthropic), on every API.
public struct AuthenticationMiddleware: RouterMiddleware {
    public typealias Context = GatewayRequestContext

    private let authenticator: KeyAuthenticator

    public init(authenticator: KeyAuthenticator) {
        self.authenticator = authenticator
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch await authenticate(request, context: context) {
        case .authenticated(let context):
            return try await next(request, context)
        case .refused(let response):
            return response
        }
    }

    private enum Outcome {
        case authenticated(Context)
        case refused(Response)
    }

    /// `context` with the caller's principal, or the refusal in the caller's error envelope. Kept out of
    /// ``handle(_:context:next:)``, whose frame is alive for the whole request.
    @inline(never)
    private func authenticate(_ request: Request, context: Context) async -> Outcome {
        var context = context
        do {
            let principal = try await authenticator.authenticate(secret: Self.presentedSecret(in: request.headers))
            context.principal = principal
            // Every later log line of the request names the caller (never the secret).
            if let keyName = principal.keyName { context.logger[metadataKey: "key"] = .string(keyName) }
            if let tenant = principal.tenant { context.logger[metadataKey: "tenant"] = .string(tenant) }
            return .authenticated(context)
        } catch {
            let failure = SwitchyardError(wrapping: error)
            context.logger.info("Request refused", metadata: ["error": "\(failure)"])
            return .refused(ClientAPI(request).errorResponse(failure, requestID: context.requestID))
        }
    }

    /// The key a client presented, if any.
    static func presentedSecret(in headers: HTTPFields) -> String? {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return headers[.xAPIKey]
    }
}
