import SwitchyardCore

extension Anthropic {
    /// The error envelope: `{"type": "error", "error": {"type", "message"}, "request_id"}`.
    ///
    /// The same `error` object is the payload of an in-stream `error` event.
    public struct ErrorResponse: Sendable, Hashable, Codable {
        /// Always `error`.
        public var type: String
        /// What went wrong.
        public var error: ErrorDetail
        /// The id of the request that failed.
        public var requestID: String?

        /// An error envelope.
        public init(error: ErrorDetail, requestID: String? = nil) {
            self.type = "error"
            self.error = error
            self.requestID = requestID
        }

        private enum CodingKeys: String, CodingKey {
            case type
            case error
            case requestID = "request_id"
        }
    }

    /// The `error` object.
    ///
    /// `stage`, `code` and `scope` are Switchyard's additions when it answers a client; Anthropic never sends them.
    public struct ErrorDetail: Sendable, Hashable, Codable {
        /// `invalid_request_error`, `authentication_error`, `permission_error`, `not_found_error`,
        /// `request_too_large`, `rate_limit_error`, `api_error`, `overloaded_error`, …
        public var type: String
        /// A human-readable explanation.
        public var message: String
        /// The Switchyard pipeline stage that refused the call.
        public var stage: String?
        /// Switchyard's error code (`budget_exceeded`, `upstream_error`, …).
        public var code: String?
        /// The scope of the rule that refused the call.
        public var scope: String?

        /// An error object.
        public init(type: String, message: String, stage: String? = nil, code: String? = nil, scope: String? = nil) {
            self.type = type
            self.message = message
            self.stage = stage
            self.code = code
            self.scope = scope
        }
    }
}
