import SwitchyardCore

extension Anthropic {
    /// The HTTP status Anthropic documents for an error `type`; 500 for a type it does not list.
    ///
    /// Used for in-stream `error` events, which carry a type but no status: `invalid_request_error` 400,
    /// `authentication_error` 401, `billing_error` 402, `permission_error` 403, `not_found_error` 404,
    /// `request_too_large` 413, `rate_limit_error` 429, `api_error` 500, `timeout_error` 504,
    /// `overloaded_error` 529.
    public static func httpStatus(forErrorType type: String) -> Int {
        switch type {
        case "invalid_request_error": 400
        case "authentication_error": 401
        case "billing_error": 402
        case "permission_error": 403
        case "not_found_error": 404
        case "request_too_large": 413
        case "rate_limit_error": 429
        case "timeout_error": 504
        case "overloaded_error": 529
        default: 500
        }
    }

    /// The Anthropic error `type` a client sees for a gateway error.
    ///
    /// Switchyard's own refusals map by code: a budget refusal is a `rate_limit_error` (waiting for the next
    /// budget period is the remedy). Errors an upstream returned map by the upstream's status, except that an
    /// upstream's 401/403 is the gateway's misconfiguration, reported as `api_error`.
    public static func errorType(for error: SwitchyardError) -> String {
        switch error.code {
        case .invalidRequest, .contextWindowExceeded: return "invalid_request_error"
        case .requestTooLarge: return "request_too_large"
        case .authenticationFailed: return "authentication_error"
        case .permissionDenied: return "permission_error"
        case .modelNotFound, .notFound: return "not_found_error"
        case .rateLimited, .budgetExceeded, .stepLimitExceeded, .loopDetected: return "rate_limit_error"
        case .upstreamUnavailable: return "overloaded_error"
        case .upstreamError:
            switch error.upstreamStatus {
            case 400, 422: return "invalid_request_error"
            case 404: return "not_found_error"
            case 413: return "request_too_large"
            case 429: return "rate_limit_error"
            case 503, 529: return "overloaded_error"
            default: return "api_error"
            }
        default: return "api_error"
        }
    }

    /// The gateway error for an error Anthropic reported, keeping its status, type, message and wait.
    ///
    /// A 400 whose message says the prompt is too long becomes ``SwitchyardError/Code/contextWindowExceeded``.
    static func upstreamError(status: Int, type: String?, message: String, retryAfter: Duration?) -> SwitchyardError {
        var error = SwitchyardError.upstream(status: status, message: message, type: type, retryAfter: retryAfter)
        if status == 400, message.lowercased().contains("prompt is too long") {
            error.code = .contextWindowExceeded
        }
        return error
    }
}
