import Hummingbird
import SwitchyardCore

/// Renders errors that escape the routes (an unknown path, a wrong method, a defect) in a JSON error envelope, so
/// no response is ever a bare status with no body: Anthropic's for requests that look like an Anthropic client's
/// (under `/v1/messages`, or carrying `anthropic-version`), OpenAI's otherwise.
public struct ErrorEnvelopeMiddleware: RouterMiddleware {
    public typealias Context = GatewayRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, to: request, context: context)
        }
    }

    /// The client's error envelope for `error`. Kept out of ``handle(_:context:next:)``, whose frame is alive for
    /// the whole request.
    @inline(never)
    private static func response(for error: any Error, to request: Request, context: Context) -> Response {
        if let error = error as? any HTTPResponseError {
            let code: SwitchyardError.Code = error.status == .notFound ? .notFound : .invalidRequest
            let message =
                error.status == .notFound
                ? "No route for \(request.method) \(request.uri.path). Switchyard serves POST /v1/chat/completions, POST /v1/messages and GET /v1/models."
                : "The request was refused: \(error.status.reasonPhrase)."
            let failure = SwitchyardError(code: code, message: message, stage: .edge)
            var response = ClientAPI(request).errorResponse(failure, requestID: context.requestID)
            response.status = error.status
            return response
        }
        let failure = SwitchyardError(wrapping: error)
        context.logger.error("Request failed", metadata: ["error": "\(failure)"])
        return ClientAPI(request).errorResponse(failure, requestID: context.requestID)
    }
}
