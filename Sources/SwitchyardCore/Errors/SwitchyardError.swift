/// The one error type of the gateway: what went wrong, in which stage, under which rule and scope.
///
/// HTTP status and JSON envelope are chosen only at the edge, from ``code`` (and ``upstreamStatus`` for errors
/// an upstream returned). ``Code/label`` is short and stable, fit for a metric tag.
public struct SwitchyardError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidRequest = "invalid_request"
            case requestTooLarge = "request_too_large"
            case authenticationFailed = "authentication_failed"
            case permissionDenied = "permission_denied"
            case modelNotFound = "model_not_found"
            case notFound = "not_found"
            case noProviderConfigured = "no_provider_configured"
            case rateLimited = "rate_limited"
            case budgetExceeded = "budget_exceeded"
            case stepLimitExceeded = "step_limit_exceeded"
            case loopDetected = "loop_detected"
            case upstreamError = "upstream_error"
            case upstreamUnavailable = "upstream_unavailable"
            case upstreamTimeout = "upstream_timeout"
            case upstreamProtocolError = "upstream_protocol_error"
            case contextWindowExceeded = "context_window_exceeded"
            case internalError = "internal_error"
        }

        private let base: Base

        /// The request is malformed or asks for something impossible.
        public static let invalidRequest = Code(base: .invalidRequest)
        /// The request body is larger than the configured limit.
        public static let requestTooLarge = Code(base: .requestTooLarge)
        /// No valid credential was presented.
        public static let authenticationFailed = Code(base: .authenticationFailed)
        /// The credential is valid but not allowed to do this.
        public static let permissionDenied = Code(base: .permissionDenied)
        /// The requested model is not in the catalog.
        public static let modelNotFound = Code(base: .modelNotFound)
        /// The addressed resource does not exist.
        public static let notFound = Code(base: .notFound)
        /// No provider is configured to serve any model.
        public static let noProviderConfigured = Code(base: .noProviderConfigured)
        /// A rate limit refused the call (Switchyard's own or the upstream's 429).
        public static let rateLimited = Code(base: .rateLimited)
        /// A budget refused the call.
        public static let budgetExceeded = Code(base: .budgetExceeded)
        /// A session or agent made as many calls as its step limit allows.
        public static let stepLimitExceeded = Code(base: .stepLimitExceeded)
        /// The same caller sent the same request too many times in a short window: an agent stuck in a loop.
        public static let loopDetected = Code(base: .loopDetected)
        /// The upstream answered with an error status; see ``SwitchyardError/upstreamStatus``.
        public static let upstreamError = Code(base: .upstreamError)
        /// The upstream could not be reached or is overloaded.
        public static let upstreamUnavailable = Code(base: .upstreamUnavailable)
        /// The upstream did not answer in time.
        public static let upstreamTimeout = Code(base: .upstreamTimeout)
        /// The upstream answered with something that is not its documented wire format.
        public static let upstreamProtocolError = Code(base: .upstreamProtocolError)
        /// The prompt does not fit the model's context window.
        public static let contextWindowExceeded = Code(base: .contextWindowExceeded)
        /// A defect in Switchyard itself.
        public static let internalError = Code(base: .internalError)

        /// A short snake_case label, stable across releases; used in error bodies and as a metric tag.
        public var label: String { base.rawValue }
        /// The same text as ``label``.
        public var description: String { base.rawValue }
    }

    /// The pipeline stage that raised the error.
    public struct Stage: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The stage's name, such as `policy`.
        public var rawValue: String
        /// A stage with any name, for stages beyond the built-in ones.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Decoding and validating the inbound request.
        public static let edge = Stage(rawValue: "edge")
        /// Authenticating the caller.
        public static let authentication = Stage(rawValue: "authentication")
        /// Per-tenant and per-key policy.
        public static let policy = Stage(rawValue: "policy")
        /// Runaway protection: loop detection.
        public static let runaway = Stage(rawValue: "runaway")
        /// Budgets, rate limits and step limits.
        public static let budget = Stage(rawValue: "budget")
        /// Recording usage, cost and outcome in the ledger.
        public static let metering = Stage(rawValue: "metering")
        /// Resolving the model to deployments and running attempts.
        public static let route = Stage(rawValue: "route")
        /// The provider adapter and its upstream.
        public static let provider = Stage(rawValue: "provider")

        /// The stage's name.
        public var description: String { rawValue }
    }

    /// What kind of failure this is; chooses the HTTP status at the edge.
    public var code: Code
    /// A sentence for the caller saying what is wrong and, where possible, what to do.
    public var message: String
    /// The pipeline stage that raised the error, when known.
    public var stage: Stage?
    /// The rule's scope, such as `key:ci-bot/day` or `deployment:openai/gpt-4o`.
    public var scope: String?
    /// The HTTP status an upstream answered with, for ``Code/upstreamError`` and kin.
    public var upstreamStatus: Int?
    /// The upstream's own error type (`rate_limit_error`, `RESOURCE_EXHAUSTED`, …) when it gave one.
    public var upstreamType: String?
    /// How long the caller should wait before trying again, when known.
    public var retryAfter: Duration?
    /// Whether another attempt (on this or another deployment) may succeed.
    public var isRetryable: Bool
    /// A lower-level error description that led to this one, for logs. Never shown to callers.
    public var cause: String?

    /// Creates an error; prefer the static constructors such as ``invalidRequest(_:stage:)`` where one fits.
    public init(
        code: Code,
        message: String,
        stage: Stage? = nil,
        scope: String? = nil,
        upstreamStatus: Int? = nil,
        upstreamType: String? = nil,
        retryAfter: Duration? = nil,
        isRetryable: Bool = false,
        cause: String? = nil
    ) {
        self.code = code
        self.message = message
        self.stage = stage
        self.scope = scope
        self.upstreamStatus = upstreamStatus
        self.upstreamType = upstreamType
        self.retryAfter = retryAfter
        self.isRetryable = isRetryable
        self.cause = cause
    }

    /// The label, message, stage, scope and cause on one line, for logs.
    public var description: String {
        var text = "\(code.label): \(message)"
        if let stage { text += " [stage: \(stage)]" }
        if let scope { text += " [scope: \(scope)]" }
        if let cause { text += " (cause: \(cause))" }
        return text
    }
}

extension SwitchyardError {
    /// The request is malformed; `message` says what is wrong.
    public static func invalidRequest(_ message: String, stage: Stage = .edge) -> SwitchyardError {
        SwitchyardError(code: .invalidRequest, message: message, stage: stage)
    }

    /// An upstream answered with a non-success HTTP status.
    ///
    /// Retryable when the status is 408, 409, 429 or 5xx (529 included), as every provider documents.
    public static func upstream(
        status: Int,
        message: String,
        type: String? = nil,
        retryAfter: Duration? = nil,
        scope: String? = nil
    ) -> SwitchyardError {
        let retryable = status == 408 || status == 409 || status == 429 || status >= 500
        let code: Code =
            switch status {
            case 429: .rateLimited
            case 503, 529: .upstreamUnavailable
            case 504: .upstreamTimeout
            default: .upstreamError
            }
        return SwitchyardError(
            code: code,
            message: message,
            stage: .provider,
            scope: scope,
            upstreamStatus: status,
            upstreamType: type,
            retryAfter: retryAfter,
            isRetryable: retryable
        )
    }

    /// The upstream's bytes did not follow its documented wire format.
    public static func upstreamProtocol(_ message: String, cause: String? = nil) -> SwitchyardError {
        SwitchyardError(code: .upstreamProtocolError, message: message, stage: .provider, isRetryable: true, cause: cause)
    }
}
