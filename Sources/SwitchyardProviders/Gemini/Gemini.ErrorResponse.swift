import SwitchyardCore

extension Gemini {
    /// Google's error envelope: `{"error": {"code": 429, "message": "…", "status": "RESOURCE_EXHAUSTED"}}`.
    public struct ErrorResponse: Codable, Sendable, Hashable {
        /// The error.
        public var error: Status

        /// Creates an error envelope.
        public init(error: Status) {
            self.error = error
        }
    }

    /// A `google.rpc.Status`: HTTP code, message, canonical status name and typed details.
    public struct Status: Codable, Sendable, Hashable {
        /// The HTTP status code.
        public var code: Int?
        /// A developer-facing message.
        public var message: String?
        /// The canonical status name, such as `INVALID_ARGUMENT` or `RESOURCE_EXHAUSTED`.
        public var status: String?
        /// Typed detail objects, each with an `@type` (`google.rpc.RetryInfo`, `google.rpc.QuotaFailure`, …).
        public var details: [JSONValue]?

        /// Creates a status.
        public init(code: Int? = nil, message: String? = nil, status: String? = nil, details: [JSONValue]? = nil) {
            self.code = code
            self.message = message
            self.status = status
            self.details = details
        }

        /// The `retryDelay` of the `google.rpc.RetryInfo` detail (`"17s"`, `"0.5s"`), when present.
        public var retryDelay: Duration? {
            for detail in details ?? [] {
                guard detail["@type"]?.stringValue == "type.googleapis.com/google.rpc.RetryInfo",
                    let text = detail["retryDelay"]?.stringValue
                else { continue }
                return Self.parseProtoDuration(text)
            }
            return nil
        }

        /// Parses a protobuf JSON `Duration` (`"17s"`, `"1.250s"`).
        private static func parseProtoDuration(_ text: String) -> Duration? {
            guard text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds >= 0, seconds.isFinite else {
                return nil
            }
            return .milliseconds(Int64((seconds * 1000).rounded(.up)))
        }
    }
}
