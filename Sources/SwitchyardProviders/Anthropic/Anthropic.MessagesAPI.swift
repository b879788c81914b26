import SwitchyardCore

extension Anthropic {
    /// Serves clients that speak Anthropic's Messages API (`POST /v1/messages`): their requests in, canonical
    /// answers back out in Anthropic's shapes, streamed as Anthropic's named SSE events.
    ///
    /// Any `anthropic-version` header is accepted; it is a header, so nothing here depends on it.
    public struct MessagesAPI: InboundAPI {
        /// An API codec.
        public init() {}

        /// Decodes and validates a Messages request body.
        ///
        /// `model`, `max_tokens` (at least 1) and a non-empty `messages` array are required; wrong types anywhere
        /// are refused with the JSON path of the field. A stream always carries usage, so
        /// ``InboundCall/includeStreamUsage`` is true.
        ///
        /// - Throws: ``SwitchyardError`` `invalidRequest` naming the offending field.
        public func decodeRequest(_ body: [UInt8]) throws -> InboundCall {
            let wire = try MessagesRequest(scanning: body) ?? WireJSON.decodeRequest(MessagesRequest.self, from: body)
            return InboundCall(request: try Self.chatRequest(from: wire), includeStreamUsage: true)
        }

        /// Encodes a complete answer as a Messages response body.
        ///
        /// The id gets Anthropic's `msg_` prefix when it lacks one. Usage: `input_tokens` is the fresh input,
        /// `cache_creation_input_tokens` both cache-write lifetimes, split in `cache_creation`.
        public func encodeResponse(_ response: ChatResponse, for call: InboundCall) -> [UInt8] {
            let message = Message(
                id: Self.messageID(response.id),
                model: response.model,
                content: response.content.compactMap(Self.responseBlock),
                stopReason: Anthropic.wireStopReason(response.stopReason),
                stopSequence: response.stopSequence,
                usage: Usage(response.usage)
            )
            return WireJSON.encode(message)
        }

        /// A fresh ``Anthropic/MessagesStreamEncoder``.
        public func makeStreamEncoder(for call: InboundCall) -> MessagesStreamEncoder {
            MessagesStreamEncoder()
        }

        /// Encodes an error as `{"type": "error", "error": {"type", "message", "stage", "code", "scope"}, "request_id"}`,
        /// with the type chosen by ``Anthropic/errorType(for:)``.
        public func encodeError(_ error: SwitchyardError, requestID: String?) -> [UInt8] {
            WireJSON.encode(Self.errorResponse(error, requestID: requestID))
        }

        /// The envelope for a gateway error.
        static func errorResponse(_ error: SwitchyardError, requestID: String?) -> ErrorResponse {
            ErrorResponse(
                error: ErrorDetail(
                    type: Anthropic.errorType(for: error),
                    message: error.message,
                    stage: error.stage?.rawValue,
                    code: error.code.label,
                    scope: error.scope
                ),
                requestID: requestID
            )
        }

        /// The id as a client expects it: `msg_`-prefixed, and a random one when the answer has none.
        static func messageID(_ id: String) -> String {
            if id.hasPrefix("msg_") { return id }
            if id.isEmpty { return "msg_" + String(UInt64.random(in: .min ... .max), radix: 16) }
            return "msg_" + id
        }

        /// The response block for a canonical part; `nil` for parts a model does not answer with.
        private static func responseBlock(_ part: ContentPart) -> ContentBlock? {
            switch part {
            case .text(let text):
                .text(TextBlock(text: text.text))
            case .toolUse(let toolUse):
                .toolUse(ToolUseBlock(id: toolUse.id, name: toolUse.name, input: toolUse.input))
            case .thinking(let thinking):
                .thinking(ThinkingBlock(thinking: thinking.text, signature: thinking.signature ?? ""))
            case .redactedThinking(let data):
                .redactedThinking(RedactedThinkingBlock(data: data))
            case .image, .toolResult:
                nil
            }
        }
    }
}
