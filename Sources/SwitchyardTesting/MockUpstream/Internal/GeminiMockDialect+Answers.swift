import Foundation
import SwitchyardCore

extension GeminiMockDialect {
    func contextWindowRejection(promptTokens: Int, limit: Int) -> MockRejection {
        MockRejection(
            status: 400,
            message: "The input token count (\(promptTokens)) exceeds the maximum number of tokens allowed (\(limit))."
        )
    }

    func faultRejection(status: Int, retryAfter: Duration?) -> MockRejection {
        switch status {
        case 429: return MockRejection(status: 429, message: "Resource has been exhausted (e.g. check quota).")
        case 500:
            return MockRejection(
                status: 500,
                message: "An internal error has occurred. Please retry or report in "
                    + "https://developers.generativeai.google/guide/troubleshooting"
            )
        case 503: return MockRejection(status: 503, message: "The model is overloaded. Please try again later.")
        case 504: return MockRejection(status: 504, message: "Deadline expired before operation could complete.")
        default: return MockRejection(status: status, message: "The mock upstream injected HTTP status \(status).")
        }
    }

    /// Google's envelope: `{"error": {"code", "message", "status", "details"}}`, with a `google.rpc.RetryInfo`
    /// detail when a wait is known and a `google.rpc.ErrorInfo` detail when the refusal has a reason.
    func errorBody(_ rejection: MockRejection, retryAfter: Duration?, sequence: Int) -> JSONValue {
        var error: [String: JSONValue] = [
            "code": .number(rejection.status),
            "message": .string(rejection.message),
            "status": .string(Self.statusName(rejection.status)),
        ]
        var details: [JSONValue] = []
        if let reason = rejection.code {
            details.append(.object([
                "@type": .string("type.googleapis.com/google.rpc.ErrorInfo"),
                "reason": .string(reason),
                "domain": .string("googleapis.com"),
            ]))
        }
        if let retryAfter {
            details.append(.object([
                "@type": .string("type.googleapis.com/google.rpc.RetryInfo"),
                "retryDelay": .string(Self.protobufDuration(retryAfter)),
            ]))
        }
        if !details.isEmpty { error["details"] = .array(details) }
        return .object(["error": .object(error)])
    }

    func responseHeaders(sequence: Int) -> [(name: String, value: String)] {
        []
    }

    func answerBody(
        _ answer: MockAnswer,
        exchange: MockExchange,
        behavior: MockUpstream.Behavior,
        context: MockAnswerContext
    ) -> JSONValue {
        let part: JSONValue
        switch answer {
        case .text(let text): part = .object(["text": .string(text)])
        case .toolCall(let name, let arguments): part = functionCall(name: name, arguments: arguments)
        }
        return response(parts: [part], finished: true, usage: behavior.usage, exchange: exchange, context: context)
    }

    /// One `GenerateContentResponse` per piece, each with `usageMetadata` (the prompt figures; the full figures
    /// on the last), `finishReason: STOP` on the last. SSE events end in CRLF pairs, as Gemini's do; without
    /// `alt=sse` the responses form one JSON array.
    func streamChunks(
        _ answer: MockAnswer,
        exchange: MockExchange,
        behavior: MockUpstream.Behavior,
        context: MockAnswerContext
    ) -> [[UInt8]] {
        let parts: [JSONValue]
        switch answer {
        case .text(let text):
            let pieces = MockAnswer.pieces(of: text, count: behavior.streamChunkCount)
            parts = (pieces.isEmpty ? [""] : pieces).map { .object(["text": .string($0)]) }
        case .toolCall(let name, let arguments):
            parts = [functionCall(name: name, arguments: arguments)]
        }
        let responses = parts.enumerated().map { index, part in
            response(parts: [part], finished: index == parts.count - 1, usage: behavior.usage, exchange: exchange, context: context)
        }
        switch exchange.streaming {
        case .jsonArray:
            return responses.enumerated().map { index, response in
                let prefix = index == 0 ? "[" : ",\r\n"
                let suffix = index == responses.count - 1 ? "]" : ""
                return Array((prefix + response.compactJSONString + suffix).utf8)
            }
        case .serverSentEvents, .none:
            return responses.map { Array(("data: " + $0.compactJSONString + "\r\n\r\n").utf8) }
        }
    }

    func malformedChunk(streaming: MockExchange.Streaming) -> [UInt8] {
        let broken = #"{"candidates":[{"content":{"parts":[{"text":"#
        return streaming == .jsonArray ? Array((",\r\n" + broken).utf8) : Array(("data: " + broken + "\r\n\r\n").utf8)
    }

    private func functionCall(name: String, arguments: JSONValue) -> JSONValue {
        .object([
            "functionCall": .object([
                "id": .string(Self.functionCallID),
                "name": .string(name),
                "args": arguments,
            ])
        ])
    }

    private func response(
        parts: [JSONValue],
        finished: Bool,
        usage: Usage,
        exchange: MockExchange,
        context: MockAnswerContext
    ) -> JSONValue {
        var candidate: [String: JSONValue] = [
            "content": .object(["parts": .array(parts), "role": .string("model")]),
            "index": .number(0),
        ]
        if finished { candidate["finishReason"] = .string("STOP") }
        return .object([
            "candidates": .array([.object(candidate)]),
            "usageMetadata": usageMetadata(usage, complete: finished),
            "modelVersion": .string(exchange.model),
            "responseId": .string("mock-response-\(context.sequence)"),
        ])
    }

    /// Gemini's usage: `promptTokenCount` includes cached tokens (and, having no write count, cache writes);
    /// `thoughtsTokenCount` is not part of `candidatesTokenCount`. Zero counts are left out, as Gemini does;
    /// an incomplete stream chunk carries the prompt figures only.
    private func usageMetadata(_ usage: Usage, complete: Bool) -> JSONValue {
        let prompt = usage.totalInputTokens
        let candidates = complete ? max(0, usage.outputTokens - usage.reasoningTokens) : 0
        let thoughts = complete ? usage.reasoningTokens : 0
        var metadata: [String: JSONValue] = [
            "promptTokenCount": .number(prompt),
            "totalTokenCount": .number(prompt + candidates + thoughts),
            "promptTokensDetails": .array([.object(["modality": .string("TEXT"), "tokenCount": .number(prompt)])]),
        ]
        if usage.cacheReadTokens > 0 {
            metadata["cachedContentTokenCount"] = .number(usage.cacheReadTokens)
            metadata["cacheTokensDetails"] = .array([
                .object(["modality": .string("TEXT"), "tokenCount": .number(usage.cacheReadTokens)])
            ])
        }
        if candidates > 0 { metadata["candidatesTokenCount"] = .number(candidates) }
        if thoughts > 0 { metadata["thoughtsTokenCount"] = .number(thoughts) }
        return .object(metadata)
    }

    static let functionCallID = "fc_mock_1"

    static func statusName(_ status: Int) -> String {
        switch status {
        case 400: "INVALID_ARGUMENT"
        case 401: "UNAUTHENTICATED"
        case 403: "PERMISSION_DENIED"
        case 404: "NOT_FOUND"
        case 409: "ABORTED"
        case 429: "RESOURCE_EXHAUSTED"
        case 499: "CANCELLED"
        case 501: "NOT_IMPLEMENTED"
        case 503, 529: "UNAVAILABLE"
        case 504: "DEADLINE_EXCEEDED"
        case 500...: "INTERNAL"
        default: "FAILED_PRECONDITION"
        }
    }

    /// A `google.protobuf.Duration` in JSON: seconds with a fraction when needed, such as `2s` or `0.500s`.
    static func protobufDuration(_ duration: Duration) -> String {
        let milliseconds = MockUpstream.Faults.milliseconds(duration)
        let fraction = milliseconds % 1000
        guard fraction != 0 else { return "\(milliseconds / 1000)s" }
        return "\(milliseconds / 1000)." + String(format: "%03d", fraction) + "s"
    }
}
