import SwitchyardCore

extension OpenAI {
    /// The facts of an upstream error body, read tolerantly: OpenAI's `{"error": {…}}`, vLLM's older top-level
    /// `{"object": "error", "message", "type", "code"}`, Ollama's `{"error": "text"}`, FastAPI's `{"detail"}`.
    struct UpstreamErrorDetails: Sendable, Hashable {
        var message: String?
        var type: String?
        var code: String?

        init?(_ value: JSONValue) {
            guard let object = value.objectValue else { return nil }
            if let error = object["error"] {
                if let text = error.stringValue {
                    message = text
                } else if let members = error.objectValue {
                    message = members["message"]?.stringValue
                    type = members["type"]?.stringValue
                    code = Self.codeText(members["code"])
                } else {
                    return nil
                }
            } else if let text = object["message"]?.stringValue ?? object["detail"]?.stringValue {
                message = text
                type = object["type"]?.stringValue
                code = Self.codeText(object["code"])
            } else {
                return nil
            }
        }

        private static func codeText(_ value: JSONValue?) -> String? {
            switch value {
            case .string(let text): text
            case .int(let number): String(number)
            default: nil
            }
        }

        /// Whether the upstream said the prompt does not fit the context window.
        var isContextWindowExceeded: Bool {
            if code == "context_length_exceeded" { return true }
            return message?.contains("maximum context length") ?? false
        }
    }

    /// The gateway error for an upstream's non-success answer.
    static func upstreamError(status: Int, headers: [(name: String, value: String)], body: [UInt8]) -> SwitchyardError {
        let text = String(decoding: body, as: UTF8.self)
        let details = (try? JSONValue(parsing: text)).flatMap(UpstreamErrorDetails.init)
        let message: String
        if let detail = details?.message {
            message = detail
        } else if !text.isEmpty, text.count <= 500, !text.contains("<") {
            message = "The upstream answered with HTTP status \(status): \(text)"
        } else {
            message = "The upstream answered with HTTP status \(status)."
        }
        var error = SwitchyardError.upstream(
            status: status,
            message: message,
            type: details?.type ?? details?.code,
            retryAfter: RetryAfter.parse(headers)
        )
        if let code = details?.code { error.cause = "upstream error code: \(code)" }
        if details?.isContextWindowExceeded == true {
            error.code = .contextWindowExceeded
            error.isRetryable = false
        }
        return error
    }

    /// The gateway error for an `{"error": {…}}` payload sent inside a stream, or `nil` when the payload is
    /// not an error.
    static func streamError(_ value: JSONValue) -> SwitchyardError? {
        guard value["error"] != nil, let details = UpstreamErrorDetails(value) else { return nil }
        let message = details.message ?? "The upstream reported an error in the stream."
        var error = SwitchyardError(code: .upstreamError, message: message, stage: .provider, upstreamType: details.type ?? details.code)
        if let code = details.code { error.cause = "upstream error code: \(code)" }
        if details.isContextWindowExceeded {
            error.code = .contextWindowExceeded
        } else if details.type == "rate_limit_error" || details.code == "rate_limit_exceeded" {
            error.code = .rateLimited
            error.isRetryable = true
        } else if details.type == "server_error" || details.type == "service_unavailable_error" {
            error.isRetryable = true
        }
        return error
    }
}
