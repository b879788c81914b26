import SwitchyardCore

/// The failures a transport reports, worded the same whichever client carried the request. All are retryable:
/// another deployment, or the same one a moment later, may well answer.
extension SwitchyardError {
    /// No connection could be made, or it broke before the response head.
    static func upstreamUnreachable(cause: String) -> SwitchyardError {
        SwitchyardError(
            code: .upstreamUnavailable,
            message: "The upstream could not be reached.",
            stage: .provider,
            isRetryable: true,
            cause: cause
        )
    }

    /// The response head did not come in time.
    static func upstreamHeadTimeout(cause: String) -> SwitchyardError {
        SwitchyardError(
            code: .upstreamTimeout,
            message: "The upstream did not answer in time.",
            stage: .provider,
            isRetryable: true,
            cause: cause
        )
    }

    /// The body stopped arriving for longer than the idle timeout.
    static func upstreamStalled(cause: String) -> SwitchyardError {
        SwitchyardError(
            code: .upstreamTimeout,
            message: "The upstream stopped sending mid-response.",
            stage: .provider,
            isRetryable: true,
            cause: cause
        )
    }

    /// The connection broke while the body was arriving.
    static func upstreamBroken(cause: String) -> SwitchyardError {
        SwitchyardError(
            code: .upstreamUnavailable,
            message: "The upstream connection broke mid-response.",
            stage: .provider,
            isRetryable: true,
            cause: cause
        )
    }
}
