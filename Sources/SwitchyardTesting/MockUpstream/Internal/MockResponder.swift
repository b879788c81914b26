import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchyardCore

/// Answers every request a mock receives: records it, routes it, injects faults, checks credentials, reads the
/// body and writes the deterministic answer in the provider's wire format.
struct MockResponder: HTTPResponder {
    typealias Context = MockRequestContext

    let dialect: any MockDialect
    let state: MockState
    let requiresAuthentication: Bool
    let apiKey: String?

    /// The largest request body the mock reads.
    private static let maximumBodySize = 64 * 1024 * 1024

    init(configuration: MockUpstream.Configuration, state: MockState) {
        switch configuration.provider {
        case .openAI, .openAICompatible: dialect = OpenAIMockDialect()
        case .anthropic: dialect = AnthropicMockDialect()
        case .gemini: dialect = GeminiMockDialect()
        }
        self.state = state
        requiresAuthentication = configuration.requiresAuthentication
        apiKey = configuration.apiKey
    }

    func respond(to request: Request, context: MockRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: Self.maximumBodySize)
        let recorded = record(request, body: Array(buffer: body))
        state.record(recorded)
        let sequence = recorded.sequence

        let path = recorded.path.removingPercentEncoding ?? recorded.path
        guard let route = dialect.route(path: path, query: recorded.query) else {
            let rejection = MockRejection(status: 404, message: "Unknown request URL: \(request.method) \(recorded.path).")
            return error(rejection, sequence: sequence)
        }
        guard request.method == .post else {
            let rejection = MockRejection(status: 405, message: "Method \(request.method) is not allowed; use POST.")
            return error(rejection, sequence: sequence)
        }

        let faults: MockUpstream.Faults
        if let specification = recorded.header(MockUpstream.Faults.headerName) {
            do {
                faults = state.claimFaults(header: (specification, try MockUpstream.Faults(parsing: specification)))
            } catch {
                return self.error(MockRejection(status: 400, message: error.description), sequence: sequence)
            }
        } else {
            faults = state.claimFaults(header: nil)
        }
        if faults.latency > .zero { try await Task.sleep(for: faults.latency) }
        if let status = faults.status {
            let rejection = dialect.faultRejection(status: status, retryAfter: faults.retryAfter)
            return error(rejection, retryAfter: faults.retryAfter, sequence: sequence)
        }
        if faults.disconnect == .beforeResponse { throw await MockConnection.reset(context.channel) }

        if let rejection = dialect.authenticate(recorded, requiresAuthentication: requiresAuthentication, apiKey: apiKey) {
            return error(rejection, sequence: sequence)
        }
        guard let json = try? JSONValue(parsing: recorded.bodyText) else {
            return error(dialect.malformedJSONRejection, sequence: sequence)
        }
        let exchange: MockExchange
        do {
            exchange = try dialect.parse(json, route: route)
        } catch {
            return self.error(error, sequence: sequence)
        }
        if let limit = state.behavior.contextWindowTokens, recorded.body.count / 4 > limit {
            return error(dialect.contextWindowRejection(promptTokens: recorded.body.count / 4, limit: limit), sequence: sequence)
        }
        return answer(exchange, faults: faults, channel: context.channel, sequence: sequence)
    }

    private func answer(_ exchange: MockExchange, faults: MockUpstream.Faults, channel: any Channel, sequence: Int) -> Response {
        let behavior = state.behavior
        let answer = MockAnswer(for: exchange, replyText: behavior.replyText)
        let context = MockAnswerContext(sequence: sequence, created: Int(Date().timeIntervalSince1970))
        var headers = HTTPFields()
        add(dialect.responseHeaders(sequence: sequence), to: &headers)
        let writer: MockBodyWriter
        if exchange.streaming == .none {
            let bytes = dialect.answerBody(answer, exchange: exchange, behavior: behavior, context: context).bytes
            headers[.contentType] = dialect.jsonContentType
            // A whole body counts as two chunks, its halves, so faults can strike inside it.
            let half = bytes.count / 2
            writer = MockBodyWriter(
                chunks: [Array(bytes[..<half]), Array(bytes[half...])],
                malformedChunk: Array(#"{"malformed":"#.utf8),
                faults: faults,
                channel: channel
            )
            if !writer.hasFaults {
                return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
            }
        } else {
            headers[.contentType] = exchange.streaming == .jsonArray ? dialect.jsonContentType : "text/event-stream"
            headers[.cacheControl] = "no-cache"
            writer = MockBodyWriter(
                chunks: dialect.streamChunks(answer, exchange: exchange, behavior: behavior, context: context),
                malformedChunk: dialect.malformedChunk(streaming: exchange.streaming),
                faults: faults,
                channel: channel
            )
        }
        return Response(status: .ok, headers: headers, body: writer.body)
    }

    private func error(_ rejection: MockRejection, retryAfter: Duration? = nil, sequence: Int) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = dialect.jsonContentType
        add(dialect.responseHeaders(sequence: sequence), to: &headers)
        if let retryAfter {
            let milliseconds = MockUpstream.Faults.milliseconds(retryAfter)
            add([("retry-after", String((milliseconds + 999) / 1000))], to: &headers)
            if dialect is OpenAIMockDialect, milliseconds % 1000 != 0 {
                add([("retry-after-ms", String(milliseconds))], to: &headers)
            }
        }
        let body = dialect.errorBody(rejection, retryAfter: retryAfter, sequence: sequence).bytes
        return Response(
            status: HTTPResponse.Status(code: rejection.status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }

    private func add(_ fields: [(name: String, value: String)], to headers: inout HTTPFields) {
        for (name, value) in fields {
            if let fieldName = HTTPField.Name(name) { headers.append(HTTPField(name: fieldName, value: value)) }
        }
    }

    private func record(_ request: Request, body: [UInt8]) -> MockUpstream.RecordedRequest {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters {
            query[String(name)] = String(value)
        }
        return MockUpstream.RecordedRequest(
            sequence: state.nextSequence(),
            method: request.method.rawValue,
            uri: request.uri.string,
            path: request.uri.path,
            query: query,
            headers: request.headers.map { (name: $0.name.canonicalName, value: $0.value) },
            body: body,
            receivedAt: .now,
            date: Date()
        )
    }
}
