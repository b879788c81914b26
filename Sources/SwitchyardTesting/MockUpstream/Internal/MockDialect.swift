import Foundation
import SwitchyardCore

/// One provider's wire format as a mock speaks it: routes, authentication, request reading, answers, errors.
protocol MockDialect: Sendable {
    /// The content type of a JSON answer or error.
    var jsonContentType: String { get }

    /// Whether `path` (percent-decoded) is a model call of this API, and what the path says about it.
    func route(path: String, query: [String: String]) -> MockRoute?

    /// The refusal of a request whose credential or required headers are missing or wrong, if any.
    func authenticate(_ request: MockUpstream.RecordedRequest, requiresAuthentication: Bool, apiKey: String?) -> MockRejection?

    /// The refusal of a body that is not JSON.
    var malformedJSONRejection: MockRejection { get }

    /// Reads a request body, refusing it as the real API would when it breaks the API's rules.
    func parse(_ body: JSONValue, route: MockRoute) throws(MockRejection) -> MockExchange

    /// The refusal a fault with `status` produces.
    func faultRejection(status: Int, retryAfter: Duration?) -> MockRejection

    /// The provider's documented refusal of a prompt of `promptTokens` tokens for a model that takes `limit`.
    func contextWindowRejection(promptTokens: Int, limit: Int) -> MockRejection

    /// The error envelope for `rejection`.
    func errorBody(_ rejection: MockRejection, retryAfter: Duration?, sequence: Int) -> JSONValue

    /// Headers every answer and error of this API carries (request ids).
    func responseHeaders(sequence: Int) -> [(name: String, value: String)]

    /// The whole answer, for a request that does not stream.
    func answerBody(
        _ answer: MockAnswer,
        exchange: MockExchange,
        behavior: MockUpstream.Behavior,
        context: MockAnswerContext
    ) -> JSONValue

    /// The streamed answer, one element per wire chunk, each complete with its framing.
    func streamChunks(
        _ answer: MockAnswer,
        exchange: MockExchange,
        behavior: MockUpstream.Behavior,
        context: MockAnswerContext
    ) -> [[UInt8]]

    /// A chunk of invalid JSON in this API's stream framing.
    func malformedChunk(streaming: MockExchange.Streaming) -> [UInt8]
}

/// Where a model call is addressed, as far as its path says.
struct MockRoute: Sendable, Equatable {
    /// The model named by the path (Gemini's `models/{model}`, Azure's deployment), if any.
    var model: String?
    /// How the path asks the answer to stream, when the path decides it (Gemini).
    var streaming: MockExchange.Streaming?
}

/// Per-request facts an answer is stamped with.
struct MockAnswerContext: Sendable {
    /// The request's 1-based sequence number, used in response ids.
    var sequence: Int
    /// Seconds since 1970 when the answer was made (OpenAI's `created`).
    var created: Int
}

extension MockDialect {
    /// The common credential check: a missing credential (when required) or one that differs from `apiKey`.
    func checkCredential(
        _ presented: String?,
        requiresAuthentication: Bool,
        apiKey: String?,
        missing: @autoclosure () -> MockRejection,
        wrong: @autoclosure () -> MockRejection
    ) -> MockRejection? {
        guard let presented, !presented.isEmpty else {
            return requiresAuthentication ? missing() : nil
        }
        if let apiKey, presented != apiKey { return wrong() }
        return nil
    }
}

extension MockUpstream.RecordedRequest {
    /// The token of an `Authorization: Bearer …` header.
    var bearerToken: String? {
        guard let authorization = header("authorization") else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}

extension JSONValue {
    /// A JSON integer from a Swift `Int`.
    static func number(_ value: Int) -> JSONValue {
        .int(Int64(value))
    }

    /// The text of a JSON value as a mock quotes it: strings as they are, anything else as compact JSON.
    var quotedText: String {
        if case .string(let text) = self { return text }
        return compactJSONString
    }

    /// JSON text as UTF-8 bytes.
    var bytes: [UInt8] {
        Array(compactJSONString.utf8)
    }
}
