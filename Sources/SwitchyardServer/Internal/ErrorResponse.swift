import Hummingbird
import NIOCore
import SwitchyardCore

/// Builds HTTP error responses: the status for each error code, and the `Retry-After` header.
enum ErrorResponse {
    /// The HTTP status for `error`. An upstream's status passes through, except that its 401, 402 and 403 (a
    /// provider key or account problem in Switchyard's configuration) become 502, so clients never mistake them for their own key
    /// being refused. `allowsStatus529` keeps Anthropic's 529 "overloaded" for Anthropic clients; other clients
    /// get 503, which their SDKs know to retry.
    static func status(for error: SwitchyardError, allowsStatus529: Bool) -> HTTPResponse.Status {
        let code = error.code
        if let upstream = error.upstreamStatus, (400...599).contains(upstream) {
            switch upstream {
            case 401, 402, 403:
                // The upstream refused Switchyard's own credentials or account: the operator's problem, not the
                // client's key.
                return .badGateway
            case 529 where !allowsStatus529:
                return .serviceUnavailable
            default:
                return HTTPResponse.Status(code: upstream)
            }
        }
        switch code {
        case .invalidRequest, .contextWindowExceeded: return .badRequest
        case .requestTooLarge: return .contentTooLarge
        case .authenticationFailed: return .unauthorized
        case .permissionDenied: return .forbidden
        case .modelNotFound, .notFound: return .notFound
        case .rateLimited, .budgetExceeded, .stepLimitExceeded, .loopDetected: return .tooManyRequests
        case .noProviderConfigured, .upstreamUnavailable: return .serviceUnavailable
        case .upstreamTimeout: return .gatewayTimeout
        case .upstreamError, .upstreamProtocolError: return .badGateway
        default: return .internalServerError
        }
    }

    /// A JSON error response with `body`, `status` and, when the error says how long to wait, `Retry-After`.
    static func make(_ error: SwitchyardError, status: HTTPResponse.Status, body: [UInt8]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let wait = error.retryAfter {
            let (seconds, attoseconds) = wait.components
            headers[.retryAfter] = String(max(0, seconds + (attoseconds > 0 ? 1 : 0)))
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }
}
