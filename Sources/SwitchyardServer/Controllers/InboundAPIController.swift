import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SwitchyardCore
import SwitchyardEngine
import Tracing

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
    /// Reports each finished request to the metrics and the request log.
    let reporter: RequestReporter
    /// How long a streamed answer may be silent before a heartbeat comment is sent.
    let heartbeatInterval: Duration
    /// Where the stage spans of an answered call are made.
    let background: BackgroundExecutor

    func handle(_ request: Request, context: GatewayRequestContext) async -> Response {
        let record = CallRecord(startedAt: .now)
        let requestSpan = ServiceContext.current ?? .topLevel
        let response = await answer(request, context: context, record: record)
        return tracingStages(after: response, record: record, parent: requestSpan)
    }

    private func answer(_ request: Request, context: GatewayRequestContext, record: CallRecord) async -> Response {
        let clock = ContinuousClock()
        let started = record.startedAt
        var finished = RequestReporter.Finished(
            requestID: context.requestID,
            traceID: context.traceID,
            startedAt: Date(),
            principal: context.principal,
            status: 200,
            outcome: "ok",
            streamed: false,
            elapsed: .zero
        )
        do {
            let principal = try context.authenticatedPrincipal()
            let body = try await Self.collectBody(request, limit: maximumBodyBytes)
            let call = try api.decodeRequest(body)
            finished.model = call.request.model
            finished.streamed = call.request.stream
            var caller = principal
            caller.user = call.request.user
            // An agent named by the key's metadata is fixed; otherwise the client may name one per call.
            caller.agent = principal.agent ?? request.headers[.switchyardAgent]
            caller.session = request.headers[.switchyardSession]
            finished.principal = caller
            // Capture is chosen for the whole caller: a user, agent or session override applies, not only the key's.
            let keepsPayloads = [.redacted, .full].contains(reporter.captureMode(for: caller))
            if keepsPayloads { finished.requestBody = body }
            let callContext = CallContext(
                requestID: context.requestID,
                principal: caller,
                logger: context.logger,
                record: record,
                headers: Self.routableHeaders(request.headers)
            )
            let events = try await gateway.call(call.request, context: callContext)
            // The router hands the stream over once the first content has arrived.
            finished.firstToken = clock.now - started
            if call.request.stream {
                return streamingResponse(events, call: call, context: context, record: record, started: started, finished: finished, keepsPayloads: keepsPayloads)
            }
            var accumulator = ChatResponseAccumulator()
            for try await event in events {
                try accumulator.consume(event)
            }
            let bytes = api.encodeResponse(accumulator.response, for: call)
            let elapsed = clock.now - started
            finished.elapsed = elapsed
            if keepsPayloads { finished.responseBody = bytes }
            reporter.report(finished, record: record)
            var headers = gatewayHeaders(record: record, elapsed: elapsed)
            headers[.contentType] = "application/json"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        } catch {
            finished.elapsed = clock.now - started
            return errorResponse(for: error, finished: finished, context: context, record: record)
        }
    }

    /// Streams the answer as it arrives — the events that arrived together in one write; the router has already
    /// seen its first content, so the head can be committed. A client that disconnects makes a write (of events or
    /// of a heartbeat during upstream silence) fail, which ends the pump and cancels the upstream request.
    private func streamingResponse(
        _ events: ChatEventStream,
        call: InboundCall,
        context: GatewayRequestContext,
        record: CallRecord,
        started: ContinuousClock.Instant,
        finished: RequestReporter.Finished,
        keepsPayloads: Bool
    ) -> Response {
        var headers = gatewayHeaders(record: record, elapsed: ContinuousClock.now - started)
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        let api = self.api
        let requestID = context.requestID
        let logger = context.logger
        let heartbeatInterval = self.heartbeatInterval
        let reporter = self.reporter
        let body = ResponseBody { writer in
            var encoder = api.makeStreamEncoder(for: call)
            var finished = finished
            var captured = keepsPayloads ? [UInt8]() : nil
            defer {
                // However the stream ends — finished, failed, or the client gone — it is reported once.
                finished.elapsed = .now - started
                finished.responseBody = captured
                reporter.report(finished, record: record)
            }
            let ending = try await DisconnectAwarePump.pump(events, heartbeatEvery: heartbeatInterval) { events in
                var bytes: [UInt8] = []
                for event in events {
                    bytes += encoder.encode(event)
                }
                if !bytes.isEmpty {
                    if captured != nil, captured!.count < Self.streamCaptureLimit {
                        captured!.append(contentsOf: bytes.prefix(Self.streamCaptureLimit - captured!.count))
                    }
                    try await writer.write(ByteBuffer(bytes: bytes))
                }
            } heartbeat: {
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
            }
            switch ending {
            case .finished:
                break
            case .failed(let error):
                let failure = SwitchyardError(wrapping: error)
                logger.warning("Stream failed after it began", metadata: ["error": "\(failure)"])
                finished.outcome = failure.code.label
                finished.errorMessage = failure.message
                try await writer.write(ByteBuffer(bytes: encoder.encodeError(failure, requestID: requestID)))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    private func errorResponse(
        for error: any Error,
        finished: RequestReporter.Finished,
        context: GatewayRequestContext,
        record: CallRecord
    ) -> Response {
        let failure = SwitchyardError(wrapping: error)
        let status = ErrorResponse.status(for: failure, allowsStatus529: allowsStatus529)
        var finished = finished
        finished.status = Int(status.code)
        finished.outcome = failure.code.label
        finished.errorMessage = failure.message
        finished.firstToken = nil
        reporter.report(finished, record: record)
        let elapsed = finished.elapsed
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

    /// `response`, handing the call's stage spans to the background executor once its body has been written (or its
    /// writing failed).
    private func tracingStages(after response: Response, record: CallRecord, parent: ServiceContext) -> Response {
        var response = response
        let body = response.body
        let gateway = self.gateway
        let background = self.background
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { background.execute { gateway.traceStages(of: record, under: parent) } }
            try await body.write(writer)
        }
        return response
    }

    /// The most bytes of a streamed answer kept for the request log before its capture cap is applied.
    static var streamCaptureLimit: Int { 1 << 20 }

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
