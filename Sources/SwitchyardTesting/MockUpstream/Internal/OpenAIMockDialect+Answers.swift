import SwitchyardCore
import SwitchyardProviders

extension OpenAIMockDialect {
    func contextWindowRejection(promptTokens: Int, limit: Int) -> MockRejection {
        MockRejection(
            status: 400,
            message: "This model's maximum context length is \(limit) tokens. However, your messages resulted in "
                + "\(promptTokens) tokens. Please reduce the length of the messages.",
            code: "context_length_exceeded",
            param: "messages"
        )
    }

    func faultRejection(status: Int, retryAfter: Duration?) -> MockRejection {
        switch status {
        case 429:
            let wait = retryAfter.map { " Please try again in \(MockUpstream.Faults.milliseconds($0))ms." } ?? ""
            return MockRejection(
                status: 429,
                message: "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1.\(wait)",
                code: "rate_limit_exceeded"
            )
        case 500:
            return MockRejection(status: 500, message: "The server had an error while processing your request. Sorry about that!")
        case 503:
            return MockRejection(status: 503, message: "The server is overloaded or not ready yet.")
        default:
            return MockRejection(status: status, message: "The mock upstream injected HTTP status \(status).")
        }
    }

    /// OpenAI's envelope: `{"error": {"message", "type", "param", "code"}}`.
    func errorBody(_ rejection: MockRejection, retryAfter: Duration?, sequence: Int) -> JSONValue {
        let type: String
        switch rejection.status {
        case 429: type = "requests"
        case 500...: type = "server_error"
        default: type = "invalid_request_error"
        }
        return .object([
            "error": .object([
                "message": .string(rejection.message),
                "type": .string(type),
                "param": rejection.param.map(JSONValue.string) ?? .null,
                "code": rejection.code.map(JSONValue.string) ?? .null,
            ])
        ])
    }

    func responseHeaders(sequence: Int) -> [(name: String, value: String)] {
        [("x-request-id", "req_mock_\(sequence)")]
    }

    func answerBody(
        _ answer: MockAnswer,
        exchange: MockExchange,
        behavior: MockUpstream.Behavior,
        context: MockAnswerContext
    ) -> JSONValue {
        var message: [String: JSONValue] = ["role": .string("assistant"), "refusal": .null, "annotations": .array([])]
        let finishReason: String
        switch answer {
        case .text(let text):
            message["content"] = .string(text)
            finishReason = "stop"
        case .toolCall(let name, let arguments):
            message["content"] = .null
            message["tool_calls"] = .array([
                .object([
                    "id": .string(Self.toolCallID),
                    "type": .string("function"),
                    "function": .object(["name": .string(name), "arguments": .string(arguments.compactJSONString)]),
                ])
            ])
            finishReason = "tool_calls"
        }
        return .object([
            "id": .string(Self.completionID(context)),
            "object": .string("chat.completion"),
            "created": .number(context.created),
            "model": .string(exchange.model),
            "choices": .array([
                .object([
                    "index": .number(0),
                    "message": .object(message),
                    "logprobs": .null,
                    "finish_reason": .string(finishReason),
                ])
            ]),
            "usage": usage(behavior.usage),
            "service_tier": .string("default"),
            "system_fingerprint": .string(Self.systemFingerprint),
        ])
    }

    /// `data:` chunks: the role, the content or tool-call pieces, the finish reason, the usage chunk (only with
    /// `stream_options.include_usage`), then `data: [DONE]`.
    func streamChunks(
        _ answer: MockAnswer,
        exchange: MockExchange,
        behavior: MockUpstream.Behavior,
        context: MockAnswerContext
    ) -> [[UInt8]] {
        var deltas: [JSONValue] = []
        let finishReason: String
        switch answer {
        case .text(let text):
            deltas.append(.object(["role": .string("assistant"), "content": .string(""), "refusal": .null]))
            for piece in MockAnswer.pieces(of: text, count: behavior.streamChunkCount) {
                deltas.append(.object(["content": .string(piece)]))
            }
            finishReason = "stop"
        case .toolCall(let name, let arguments):
            deltas.append(.object([
                "role": .string("assistant"),
                "content": .null,
                "refusal": .null,
                "tool_calls": .array([
                    .object([
                        "index": .number(0),
                        "id": .string(Self.toolCallID),
                        "type": .string("function"),
                        "function": .object(["name": .string(name), "arguments": .string("")]),
                    ])
                ]),
            ]))
            for piece in MockAnswer.pieces(of: arguments.compactJSONString, count: behavior.streamChunkCount) {
                deltas.append(.object([
                    "tool_calls": .array([.object(["index": .number(0), "function": .object(["arguments": .string(piece)])])])
                ]))
            }
            finishReason = "tool_calls"
        }
        var chunks = deltas.map { chunk(choices: [choice(delta: $0, finishReason: nil)], exchange: exchange, context: context) }
        let finish = choice(delta: .object([:]), finishReason: finishReason)
        chunks.append(chunk(choices: [finish], exchange: exchange, context: context))
        if exchange.includeUsage {
            chunks.append(chunk(choices: [], usage: usage(behavior.usage), exchange: exchange, context: context))
        }
        return chunks.map { ServerSentEvent(data: $0.compactJSONString).encoded } + [ServerSentEvent(data: "[DONE]").encoded]
    }

    func malformedChunk(streaming: MockExchange.Streaming) -> [UInt8] {
        let truncated = #"{"id":"chatcmpl-mock","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"#
        return ServerSentEvent(data: truncated).encoded
    }

    private func chunk(
        choices: [JSONValue],
        usage: JSONValue? = nil,
        exchange: MockExchange,
        context: MockAnswerContext
    ) -> JSONValue {
        var chunk: [String: JSONValue] = [
            "id": .string(Self.completionID(context)),
            "object": .string("chat.completion.chunk"),
            "created": .number(context.created),
            "model": .string(exchange.model),
            "service_tier": .string("default"),
            "system_fingerprint": .string(Self.systemFingerprint),
            "choices": .array(choices),
        ]
        if exchange.includeUsage { chunk["usage"] = usage ?? .null }
        return .object(chunk)
    }

    private func choice(delta: JSONValue, finishReason: String?) -> JSONValue {
        .object([
            "index": .number(0),
            "delta": delta,
            "logprobs": .null,
            "finish_reason": finishReason.map(JSONValue.string) ?? .null,
        ])
    }

    /// OpenAI's usage: `prompt_tokens` includes cached tokens (and, having no write count, cache writes).
    private func usage(_ usage: Usage) -> JSONValue {
        let prompt = usage.totalInputTokens
        return .object([
            "prompt_tokens": .number(prompt),
            "completion_tokens": .number(usage.outputTokens),
            "total_tokens": .number(prompt + usage.outputTokens),
            "prompt_tokens_details": .object([
                "cached_tokens": .number(usage.cacheReadTokens),
                "audio_tokens": .number(0),
            ]),
            "completion_tokens_details": .object([
                "reasoning_tokens": .number(usage.reasoningTokens),
                "audio_tokens": .number(0),
                "accepted_prediction_tokens": .number(0),
                "rejected_prediction_tokens": .number(0),
            ]),
        ])
    }

    static let toolCallID = "call_mock_1"
    static let systemFingerprint = "fp_mock"

    static func completionID(_ context: MockAnswerContext) -> String {
        "chatcmpl-mock-\(context.sequence)"
    }
}
