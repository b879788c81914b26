import SwitchyardCore
import SwitchyardProviders

extension AnthropicMockDialect {
    func contextWindowRejection(promptTokens: Int, limit: Int) -> MockRejection {
        MockRejection(status: 400, message: "prompt is too long: \(promptTokens) tokens > \(limit) maximum")
    }

    func faultRejection(status: Int, retryAfter: Duration?) -> MockRejection {
        switch status {
        case 429:
            return MockRejection(
                status: 429,
                message: "This request would exceed the rate limit for your organization of 50 requests per minute. "
                    + "Please try again later."
            )
        case 500: return MockRejection(status: 500, message: "Internal server error")
        case 504: return MockRejection(status: 504, message: "Request timed out")
        case 529: return MockRejection(status: 529, message: "Overloaded")
        default: return MockRejection(status: status, message: "The mock upstream injected HTTP status \(status).")
        }
    }

    /// Anthropic's envelope: `{"type": "error", "error": {"type", "message"}, "request_id"}`.
    func errorBody(_ rejection: MockRejection, retryAfter: Duration?, sequence: Int) -> JSONValue {
        let type: String
        switch rejection.status {
        case 401: type = "authentication_error"
        case 402: type = "billing_error"
        case 403: type = "permission_error"
        case 404: type = "not_found_error"
        case 413: type = "request_too_large"
        case 429: type = "rate_limit_error"
        case 504: type = "timeout_error"
        case 529: type = "overloaded_error"
        case 500...: type = "api_error"
        default: type = "invalid_request_error"
        }
        return .object([
            "type": .string("error"),
            "error": .object(["type": .string(type), "message": .string(rejection.message)]),
            "request_id": .string(Self.requestID(sequence)),
        ])
    }

    func responseHeaders(sequence: Int) -> [(name: String, value: String)] {
        [("request-id", Self.requestID(sequence))]
    }

    func answerBody(
        _ answer: MockAnswer,
        exchange: MockExchange,
        behavior: MockUpstream.Behavior,
        context: MockAnswerContext
    ) -> JSONValue {
        let block: JSONValue
        switch answer {
        case .text(let text):
            block = .object(["type": .string("text"), "text": .string(text)])
        case .toolCall(let name, let arguments):
            block = .object([
                "type": .string("tool_use"),
                "id": .string(Self.toolUseID),
                "name": .string(name),
                "input": arguments,
            ])
        }
        return message(
            content: [block],
            stopReason: .string(stopReason(answer)),
            usage: usage(behavior.usage, outputTokens: behavior.usage.outputTokens),
            exchange: exchange,
            context: context
        )
    }

    /// Named events: `message_start`, `content_block_start`, `ping`, `content_block_delta`s,
    /// `content_block_stop`, `message_delta`, `message_stop`.
    func streamChunks(
        _ answer: MockAnswer,
        exchange: MockExchange,
        behavior: MockUpstream.Behavior,
        context: MockAnswerContext
    ) -> [[UInt8]] {
        var events: [(String, JSONValue)] = []
        let start = message(
            content: [],
            stopReason: .null,
            usage: usage(behavior.usage, outputTokens: 1),
            exchange: exchange,
            context: context
        )
        events.append(("message_start", .object(["type": .string("message_start"), "message": start])))
        let block: JSONValue
        var deltas: [JSONValue] = []
        switch answer {
        case .text(let text):
            block = .object(["type": .string("text"), "text": .string("")])
            for piece in MockAnswer.pieces(of: text, count: behavior.streamChunkCount) {
                deltas.append(.object(["type": .string("text_delta"), "text": .string(piece)]))
            }
        case .toolCall(let name, let arguments):
            block = .object([
                "type": .string("tool_use"),
                "id": .string(Self.toolUseID),
                "name": .string(name),
                "input": .object([:]),
            ])
            // The API opens a tool input with an empty fragment.
            for piece in [""] + MockAnswer.pieces(of: arguments.compactJSONString, count: behavior.streamChunkCount) {
                deltas.append(.object(["type": .string("input_json_delta"), "partial_json": .string(piece)]))
            }
        }
        events.append(("content_block_start", .object([
            "type": .string("content_block_start"),
            "index": .number(0),
            "content_block": block,
        ])))
        events.append(("ping", .object(["type": .string("ping")])))
        for delta in deltas {
            events.append(("content_block_delta", .object([
                "type": .string("content_block_delta"),
                "index": .number(0),
                "delta": delta,
            ])))
        }
        events.append(("content_block_stop", .object(["type": .string("content_block_stop"), "index": .number(0)])))
        events.append(("message_delta", .object([
            "type": .string("message_delta"),
            "delta": .object(["stop_reason": .string(stopReason(answer)), "stop_sequence": .null]),
            "usage": .object(["output_tokens": .number(behavior.usage.outputTokens)]),
        ])))
        events.append(("message_stop", .object(["type": .string("message_stop")])))
        return events.map { ServerSentEvent(event: $0.0, data: $0.1.compactJSONString).encoded }
    }

    func malformedChunk(streaming: MockExchange.Streaming) -> [UInt8] {
        ServerSentEvent(
            event: "content_block_delta",
            data: #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"#
        ).encoded
    }

    private func message(
        content: [JSONValue],
        stopReason: JSONValue,
        usage: JSONValue,
        exchange: MockExchange,
        context: MockAnswerContext
    ) -> JSONValue {
        .object([
            "id": .string("msg_mock_\(context.sequence)"),
            "type": .string("message"),
            "role": .string("assistant"),
            "model": .string(exchange.model),
            "content": .array(content),
            "stop_reason": stopReason,
            "stop_sequence": .null,
            "usage": usage,
        ])
    }

    private func stopReason(_ answer: MockAnswer) -> String {
        if case .toolCall = answer { return "tool_use" }
        return "end_turn"
    }

    /// Anthropic's usage: `input_tokens` excludes both cache counts.
    private func usage(_ usage: Usage, outputTokens: Int) -> JSONValue {
        .object([
            "input_tokens": .number(usage.inputTokens),
            "cache_creation_input_tokens": .number(usage.totalCacheWriteTokens),
            "cache_read_input_tokens": .number(usage.cacheReadTokens),
            "cache_creation": .object([
                "ephemeral_5m_input_tokens": .number(usage.cacheWriteTokens),
                "ephemeral_1h_input_tokens": .number(usage.cacheWrite1hTokens),
            ]),
            "output_tokens": .number(outputTokens),
            "service_tier": .string("standard"),
        ])
    }

    static let toolUseID = "toolu_mock_1"

    static func requestID(_ sequence: Int) -> String {
        "req_mock_\(sequence)"
    }
}
