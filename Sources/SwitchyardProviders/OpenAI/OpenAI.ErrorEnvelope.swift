import SwitchyardCore

extension OpenAI {
    /// The error body: `{"error": {"message", "type", "param", "code"}}`, plus Switchyard's `stage`, `scope`
    /// and `request_id` when Switchyard writes it.
    public struct ErrorEnvelope: Codable, Sendable, Hashable {
        /// The error.
        public var error: ErrorObject

        /// Wraps an error object.
        public init(error: ErrorObject) {
            self.error = error
        }
    }

    /// The `error` member of an ``ErrorEnvelope``.
    public struct ErrorObject: Codable, Sendable, Hashable {
        /// What went wrong, for people.
        public var message: String
        /// The error class, such as `invalid_request_error`.
        public var type: String?
        /// The request parameter at fault, when one is.
        public var param: String?
        /// A machine-readable code such as `context_length_exceeded` (a string at OpenAI; some compatible
        /// servers send a number).
        public var code: JSONValue?
        /// Switchyard: the pipeline stage that refused the call.
        public var stage: String?
        /// Switchyard: the rule's scope, such as `key:ci-bot/day`.
        public var scope: String?
        /// Switchyard: the request id to quote when reporting a problem.
        public var requestID: String?

        /// Creates an error object.
        public init(
            message: String,
            type: String?,
            param: String? = nil,
            code: String?,
            stage: String? = nil,
            scope: String? = nil,
            requestID: String? = nil
        ) {
            self.message = message
            self.type = type
            self.param = param
            self.code = code.map(JSONValue.string)
            self.stage = stage
            self.scope = scope
            self.requestID = requestID
        }

        enum CodingKeys: String, CodingKey {
            case message, type, param, code, stage, scope
            case requestID = "request_id"
        }

        /// Encodes every field, `null` included, so clients always see the same shape.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(type, forKey: .type)
            try container.encode(param, forKey: .param)
            try container.encode(code, forKey: .code)
            try container.encode(stage, forKey: .stage)
            try container.encode(scope, forKey: .scope)
            try container.encode(requestID, forKey: .requestID)
        }
    }
}
