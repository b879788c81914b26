import SwitchyardCore

extension OpenAI {
    /// The OpenAI error object for a gateway error.
    ///
    /// `type` follows OpenAI's classes (`invalid_request_error`, `authentication_error`, `permission_error`,
    /// `rate_limit_error`, `insufficient_quota`, `server_error`, `service_unavailable_error`, `timeout_error`);
    /// an upstream's error is classed by the status it answered with. `code` is OpenAI's own code where one
    /// exists (`invalid_api_key`, `rate_limit_exceeded`, `context_length_exceeded`, `model_not_found`) and
    /// Switchyard's code label otherwise (`budget_exceeded`, `upstream_timeout`, …).
    static func errorObject(for error: SwitchyardError, requestID: String?) -> ErrorObject {
        ErrorObject(
            message: error.message,
            type: errorType(for: error),
            code: errorCode(for: error),
            stage: error.stage?.rawValue,
            scope: error.scope,
            requestID: requestID
        )
    }

    private static func errorType(for error: SwitchyardError) -> String {
        switch error.code {
        case .invalidRequest, .requestTooLarge, .contextWindowExceeded, .modelNotFound, .notFound:
            return "invalid_request_error"
        case .authenticationFailed:
            return "authentication_error"
        case .permissionDenied:
            return "permission_error"
        case .rateLimited, .stepLimitExceeded, .loopDetected:
            return "rate_limit_error"
        case .budgetExceeded:
            return "insufficient_quota"
        case .upstreamUnavailable, .noProviderConfigured:
            return "service_unavailable_error"
        case .upstreamTimeout:
            return "timeout_error"
        case .upstreamError:
            switch error.upstreamStatus {
            // The upstream refused Switchyard's own provider key or account: the operator's problem, answered
            // with 502 at the edge, never an error that blames the client's key.
            case 401?, 402?, 403?: return "server_error"
            case 429?: return "rate_limit_error"
            case let status? where (400..<500).contains(status): return "invalid_request_error"
            default: return "server_error"
            }
        default:
            return "server_error"
        }
    }

    private static func errorCode(for error: SwitchyardError) -> String {
        switch error.code {
        case .authenticationFailed: "invalid_api_key"
        case .rateLimited: "rate_limit_exceeded"
        case .contextWindowExceeded: "context_length_exceeded"
        default: error.code.label
        }
    }
}
