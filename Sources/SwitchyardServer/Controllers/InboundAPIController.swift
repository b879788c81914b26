import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SwitchyardCore
import SwitchyardEngine

/// Serves one client API (OpenAI Chat Completions or Anthropic Messages) for an authenticated caller: decode,
/// run the gateway, and answer in the same API — whole or streamed.
struct InboundAPIController<API: InboundAPI>: Sendable {
    let api: API
    let gateway: ModelGateway
    let maximumBodyBytes: Int
    /// Whether this API's clients understand status 529 (Anthropic's "overloaded").
    let allowsStatus529: Bool
    /// Which provider's rate-limit header conventions this API's clients read.
    let rateLimitHeaderStyle: RateLimitHeaders.Style
    /// The API's name in metrics and the request log: `openai.chat_completions`, `anthropic.messages`.
    let apiName: String
    /// Where request counts, latency, time to first token and overhead are reported.
    let metrics: GatewayMetrics
    /// How long a streamed answer may be silent before a heartbeat comment is sent.
    let heartbeatInterval: Duration

    func handle(_ request: Request, context: GatewayRequestContext) async -> Response {
        let clock = ContinuousClock()
        let started = clock.now
        let record = CallRecord(startedAt: started)
        var requestedModel: String?
        do {
            let principal = try context.authenticatedPrincipal()
            let body = try await Self.collectBody(request, limit: maximumBodyBytes)
            let call = try api.decodeRequest(body)
            requestedModel = call.request.model
            var caller = principal
            caller.user = call.request.user
            // An agent named by the key's metadata is fixed; otherwise the client may name one per call.
            caller.agent = principal.agent ?? request.headers[.switchyardAgent]
            caller.session = request.headers[.switchyardSession]
            let callContext = CallContext(
                requestID: context.requestID,
                principal: caller,
                logger: context.logger,
                record: record,
                headers: Self.routableHeaders(request.headers)
            )
            let events = try await gateway.call(call.request, context: callContext)
            // The router hands the stream over once the first content has arrived.
            let firstToken = clock.now - started
            if call.request.stream {
                return streamingResponse(events, call: call, context: context, record: record, started: started, firstToken: firstToken)
            }
            var accumulator = ChatResponseAccumulator()
            for try await event in events {
                try accumulator.consume(event)
            }
            let bytes = api.encodeResponse(accumulator.response, for: call)
            let elapsed = clock.now - started
            recordMetrics(model: call.request.model, record: record, outcome: "ok", elapsed: elapsed, firstToken: firstToken)
            var headers = gatewayHeaders(record: record, elapsed: elapsed)
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        } catch {
            return errorResponse(for: error, model: requestedModel, context: context, record: record, elapsed: clock.now - started)
        }
    }

    /// Streams the answer as it arrives; the router has already seen its first content, so the head can be
    /// committed. A client that disconnects makes a write (of an event or of a heartbeat
    /// during upstream silence) fail, which ends the pump and cancels the upstream request.
    private func streamingResponse(
        _ events: ChatEventStream,
        call: InboundCall,
        context: GatewayRequestContext,
        record: CallRecord,
        started: ContinuousClock.Instant,
        firstToken: Duration
    ) -> Response {
        var headers = gatewayHeaders(record: record, elapsed: ContinuousClock.now - started)
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        let api = self.api
        let requestID = context.requestID
        let logger = context.logger
        let heartbeatInterval = self.heartbeatInterval
        let controller = self
        let body = ResponseBody { writer in
            var encoder = api.makeStreamEncoder(for: call)
            let ending = try await DisconnectAwarePump.pump(events, heartbeatEvery: heartbeatInterval) { event in
                let bytes = encoder.encode(event)
                if !bytes.isEmpty {
                    try await writer.write(ByteBuffer(bytes: bytes))
                }
            } heartbeat: {
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
            }
            switch ending {
            case .finished:
                controller.recordMetrics(model: call.request.model, record: record, outcome: "ok", elapsed: .now - started, firstToken: firstToken)
            case .failed(let error):
                let failure = SwitchyardError(wrapping: error)
                logger.warning("Stream failed after it began", metadata: ["error": "\(failure)"])
                controller.recordMetrics(model: call.request.model, record: record, outcome: failure.code.label, elapsed: .now - started, firstToken: firstToken)
                try await writer.write(ByteBuffer(bytes: encoder.encodeError(failure, requestID: requestID)))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    private func errorResponse(for error: any Error, model: String?, context: GatewayRequestContext, record: CallRecord, elapsed: Duration) -> Response {
        let failure = SwitchyardError(wrapping: error)
        recordMetrics(model: model ?? "unknown", record: record, outcome: failure.code.label, elapsed: elapsed, firstToken: nil)
        let status = ErrorResponse.status(for: failure, allowsStatus529: allowsStatus529)
        if status.code >= 500 {
            context.logger.error("Request failed", metadata: ["error": "\(failure)"])
        } else {
            context.logger.info("Request refused", metadata: ["error": "\(failure)"])
        }
        var response = ErrorResponse.make(failure, status: status, body: api.encodeError(failure, requestID: context.requestID))
        for field in gatewayHeaders(record: record, elapsed: elapsed) {
            response.headers.append(field)
        }
        return response
    }

    /// Reports one finished request to the metrics.
    private func recordMetrics(model: String, record: CallRecord, outcome: String, elapsed: Duration, firstToken: Duration?) {
        metrics.recordRequest(
            api: apiName,
            model: model,
            provider: record.answeringProvider,
            outcome: outcome,
            duration: elapsed,
            timeToFirstToken: firstToken,
            overhead: max(.zero, elapsed - record.upstreamWait)
        )
    }

    /// The `x-switchyard-*` headers: provider, attempt count and the gateway's own overhead so far.
    private func gatewayHeaders(record: CallRecord, elapsed: Duration) -> HTTPFields {
        var headers = HTTPFields()
        if let provider = record.answeringProvider {
            headers[.switchyardProvider] = provider
        }
        headers[.switchyardAttempts] = String(record.sentAttemptCount)
        let decisions = record.routingDecisions
        if !decisions.isEmpty {
            headers[.switchyardRoute] = decisions.joined(separator: "; ")
        }
        let overhead = max(.zero, elapsed - record.upstreamWait)
        headers[.switchyardOverhead] = overhead.formattedMilliseconds
        RateLimitHeaders.add(record.rateLimits, style: rateLimitHeaderStyle, now: Date(), to: &headers)
        return headers
    }

    /// The request's headers for routing rules: lowercase names, credentials left out.
    private static func routableHeaders(_ headers: HTTPFields) -> [String: String] {
        var routable: [String: String] = [:]
        for field in headers where !HTTPField.Name.credentials.contains(field.name) {
            routable[field.name.canonicalName] = field.value
        }
        return routable
    }

    private static func collectBody(_ request: Request, limit: Int) async throws -> [UInt8] {
        do {
            let buffer = try await request.body.collect(upTo: limit)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw SwitchyardError(
                code: .requestTooLarge,
                message: "The request body is larger than the limit of \(limit) bytes (server.max_body_bytes).",
                stage: .edge
            )
        }
    }
}
