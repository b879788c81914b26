import SwitchyardCore

extension Anthropic {
    /// Speaks to Anthropic's Messages API as an upstream: canonical requests out, canonical answers back.
    ///
    /// Requests go to `{baseURL}/messages` (a base URL such as `https://api.anthropic.com/v1`) with
    /// `anthropic-version: 2023-06-01` and the key in `x-api-key` (or `authorization: Bearer` when the endpoint
    /// says so). What the classic Messages API cannot express natively is approximated, as documented on
    /// ``messagesRequest(for:)``.
    public struct MessagesTranslator: ProviderTranslator {
        /// The `max_tokens` sent when the client set no output limit, which Anthropic requires: 4096, plus the
        /// thinking budget when extended thinking is on (the budget must fit below `max_tokens`).
        public static let defaultMaxTokens = 4096

        /// Thinking budgets for effort-style requests that give no budget: `minimal` and `low` 1024 (Anthropic's
        /// minimum), `medium` 4096, `high` 16384. A request with neither effort nor budget gets the `medium` budget.
        public static let effortBudgets: [String: Int] = ["minimal": 1024, "low": 1024, "medium": 4096, "high": 16384]

        /// A translator.
        public init() {}

        /// Builds `POST {baseURL}/messages`.
        ///
        /// Headers, in order: `content-type`, the key (`x-api-key`; `authorization: Bearer` for
        /// ``UpstreamEndpoint/Authentication/bearer``; `api-key` for ``UpstreamEndpoint/Authentication/apiKeyHeader``),
        /// `anthropic-version` (unless the endpoint's extra headers set their own), then the endpoint's extra headers
        /// sorted by name.
        ///
        /// - Throws: ``SwitchyardError`` `invalidRequest` for a thinking effort Anthropic has no budget for.
        public func makeHTTPRequest(for request: ChatRequest, endpoint: UpstreamEndpoint) throws -> UpstreamHTTPRequest {
            let body = try messagesRequest(for: request)
            var headers: [(name: String, value: String)] = [("content-type", "application/json")]
            if let key = endpoint.apiKey {
                switch endpoint.authentication {
                case .providerDefault: headers.append(("x-api-key", key))
                case .bearer: headers.append(("authorization", "Bearer \(key)"))
                case .apiKeyHeader: headers.append(("api-key", key))
                }
            }
            let extra = endpoint.headers.map { (name: $0.key.lowercased(), value: $0.value) }.sorted { $0.name < $1.name }
            if !extra.contains(where: { $0.name == "anthropic-version" }) {
                headers.append(("anthropic-version", Anthropic.apiVersion))
            }
            headers += extra
            return UpstreamHTTPRequest(url: endpoint.url(path: "messages"), headers: headers, body: body.writtenJSON ?? WireJSON.encode(body))
        }

        /// Decodes a non-streaming Messages response.
        ///
        /// - Throws: ``SwitchyardError/upstreamProtocol(_:cause:)`` when the body is not a message.
        public func decodeResponse(_ body: [UInt8]) throws -> ChatResponse {
            let message = try Message(scanning: body) ?? WireJSON.decodeUpstream(Message.self, from: body, what: "Messages response")
            return ChatResponse(
                id: message.id,
                model: message.model,
                content: message.content.map(\.canonical),
                stopReason: Anthropic.stopReason(fromWire: message.stopReason),
                stopSequence: message.stopSequence,
                usage: message.usage.canonical
            )
        }

        /// A fresh ``Anthropic/MessagesStreamDecoder``.
        public func makeStreamDecoder() -> any UpstreamStreamDecoder {
            MessagesStreamDecoder()
        }

        /// Reads Anthropic's error envelope: status, `error.type`, `error.message` and `Retry-After`.
        ///
        /// A 400 saying "prompt is too long" becomes `context_window_exceeded`. A body that is not the envelope
        /// (a proxy's HTML page) still yields an error with the status; the body's start is kept as the cause.
        public func decodeError(status: Int, headers: [(name: String, value: String)], body: [UInt8]) -> SwitchyardError {
            let retryAfter = RetryAfter.parse(headers)
            if let envelope = try? WireJSON.decodeUpstream(ErrorResponse.self, from: body, what: "error body") {
                return Anthropic.upstreamError(
                    status: status,
                    type: envelope.error.type,
                    message: envelope.error.message,
                    retryAfter: retryAfter
                )
            }
            var error = Anthropic.upstreamError(
                status: status,
                type: nil,
                message: "Anthropic answered with HTTP status \(status).",
                retryAfter: retryAfter
            )
            if !body.isEmpty { error.cause = String(decoding: body.prefix(512), as: UTF8.self) }
            return error
        }
    }
}
