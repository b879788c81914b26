import SwitchyardCore
import Foundation

extension Gemini {
    /// Translates canonical requests to Gemini `generateContent` calls and Gemini's answers back.
    ///
    /// - Requests go to `{base}/models/{model}:generateContent`, or to
    ///   `{base}/models/{model}:streamGenerateContent?alt=sse` when the request streams, with the key in
    ///   `x-goog-api-key` (or `Authorization: Bearer` when the endpoint asks for it).
    /// - Tool results carry only the call id; the function name Gemini needs is looked up from the earlier
    ///   tool-use parts of the same conversation.
    /// - Usage follows Gemini's rule: `promptTokenCount` includes cached tokens, thoughts are counted apart
    ///   from candidates (see ``Gemini/UsageMetadata/usage``).
    public struct GenerateContentTranslator: ProviderTranslator {
        /// Creates the translator; it holds no state.
        public init() {}

        /// Builds the upstream request for `request` (whose `model` is Gemini's model name, with or without the
        /// `models/` prefix).
        ///
        /// - Throws: ``SwitchyardError`` `invalid_request` when a tool result answers a tool use the
        ///   conversation does not contain.
        public func makeHTTPRequest(for request: ChatRequest, endpoint: UpstreamEndpoint) throws -> UpstreamHTTPRequest {
            let body = try makeRequestBody(for: request)
            var model = Substring(request.model)
            if model.hasPrefix("models/") { model = model.dropFirst("models/".count) }
            let url =
                request.stream
                ? endpoint.url(path: "models/\(model):streamGenerateContent", extraQuery: [("alt", "sse")])
                : endpoint.url(path: "models/\(model):generateContent")
            var headers: [(name: String, value: String)] = [(name: "content-type", value: "application/json")]
            if let key = endpoint.apiKey {
                switch endpoint.authentication {
                case .providerDefault: headers.append((name: "x-goog-api-key", value: key))
                case .bearer: headers.append((name: "authorization", value: "Bearer \(key)"))
                case .apiKeyHeader: headers.append((name: "api-key", value: key))
                }
            }
            for (name, value) in endpoint.headers.sorted(by: { $0.key < $1.key }) {
                headers.append((name: name.lowercased(), value: value))
            }
            return UpstreamHTTPRequest(url: url, headers: headers, body: WireJSON.encode(body))
        }

        /// Decodes a `generateContent` body by running it through the stream decoder as a single chunk, so a
        /// whole answer and a streamed one translate exactly alike.
        ///
        /// - Throws: ``SwitchyardError/upstreamProtocol(_:cause:)`` when the body is not a
        ///   `GenerateContentResponse`, or has neither candidates nor a prompt block reason.
        public func decodeResponse(_ body: [UInt8]) throws -> ChatResponse {
            let response = try WireJSON.decodeUpstream(GenerateContentResponse.self, from: body, what: "generateContent response")
            if response.candidates?.isEmpty ?? true, response.promptFeedback?.blockReason == nil {
                throw SwitchyardError.upstreamProtocol("The Gemini response has no candidates and no block reason.")
            }
            var decoder = GenerateContentStreamDecoder()
            var accumulator = ChatResponseAccumulator()
            for event in decoder.consume(response) + decoder.close() {
                try accumulator.consume(event)
            }
            return accumulator.response
        }

        /// A fresh decoder for one `streamGenerateContent?alt=sse` answer.
        public func makeStreamDecoder() -> any UpstreamStreamDecoder {
            GenerateContentStreamDecoder()
        }

        /// Turns Google's error envelope into the gateway's error; see ``Gemini/Status/switchyardError(httpStatus:retryAfter:)``.
        public func decodeError(status: Int, headers: [(name: String, value: String)], body: [UInt8]) -> SwitchyardError {
            let headerWait = RetryAfter.parse(headers)
            if let error = Status.decodeEnvelope(body) {
                return error.switchyardError(httpStatus: status, retryAfter: headerWait)
            }
            let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            let message = text.isEmpty ? "Gemini answered HTTP \(status) with no error body." : String(text.prefix(1000))
            return .upstream(status: status, message: message, retryAfter: headerWait)
        }
    }
}
