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
        guard context.isTraced else { return response }
        return tracingStages(after: response, record: record, parent: requestSpan)
    }

    /// Decodes the call, runs it through the gateway and answers it, or answers the error.
    ///
    /// This frame stays alive for the whole call, at the bottom of its deepest moment (the router waiting for the
    /// first content), in the connection's task that keeps its frames' memory while the connection lives: it holds
    /// only what the call needs, the work before and after the wait is in functions of its own.
    private func answer(_ request: Request, context: GatewayRequestContext, record: CallRecord) async -> Response {
        let startedAt = Date()
        var prepared: PreparedCall?
        do {
            let principal = try context.authenticatedPrincipal()
            let body = try await Self.collectBody(request, limit: maximumBodyBytes)
            let call = try prepare(body, of: principal, request: request, context: context, record: record, startedAt: startedAt)
            prepared = call
            let events = try await gateway.call(call.inbound.request, context: call.context)
            return try await respond(with: events, to: call, context: context, record: record)
        } catch {
            return failed(with: error, call: prepared, context: context, record: record, startedAt: startedAt)
        }
    }

    /// A decoded call, ready for the gateway, and what its report will say. A class, so that the frames waiting on
    /// the call hold one reference to it.
    ///
    /// `@unchecked Sendable`: used by one task at a time — the handler's; a streamed answer copies what it needs.
    private final class PreparedCall: @unchecked Sendable {
        let inbound: InboundCall
        let context: CallContext
        let keepsPayloads: Bool
        var finished: RequestReporter.Finished

        init(inbound: InboundCall, context: CallContext, keepsPayloads: Bool, finished: RequestReporter.Finished) {
            self.inbound = inbound
            self.context = context
            self.keepsPayloads = keepsPayloads
            self.finished = finished
        }
    }

    /// The report of a call that has just started and of which nothing is known yet.
    private static func finished(context: GatewayRequestContext, startedAt: Date, elapsed: Duration) -> RequestReporter.Finished {
        RequestReporter.Finished(
            requestID: context.requestID,
            traceID: context.traceID,
            startedAt: startedAt,
            principal: context.principal,
            status: 200,
            outcome: "ok",
            streamed: false,
            elapsed: elapsed
        )
    }

    /// Decodes `body` and names the caller: who the key is, and the user, agent and session the call gives.
    @inline(never)
    private func prepare(
        _ body: [UInt8],
        of principal: Principal,
        request: Request,
        context: GatewayRequestContext,
        record: CallRecord,
        startedAt: Date
    ) throws -> PreparedCall {
        var finished = Self.finished(context: context, startedAt: startedAt, elapsed: .zero)
        let inbound = try api.decodeRequest(body)
        finished.model = inbound.request.model
        finished.streamed = inbound.request.stream
        var caller = principal
        caller.user = inbound.request.user
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
        return PreparedCall(inbound: inbound, context: callContext, keepsPayloads: keepsPayloads, finished: finished)
    }

    /// The answer to a call whose first content has arrived: streamed from here, or whole once every event has.
    @inline(never)
    private func respond(
        with events: ChatEventStream,
        to call: PreparedCall,
        context: GatewayRequestContext,
        record: CallRecord
    ) async throws -> Response {
        let started = record.startedAt
        call.finished.firstToken = .now - started
        if call.inbound.request.stream {
            return streamingResponse(events, call: call, context: context, record: record, started: started)
        }
        var accumulator = ChatResponseAccumulator()
        for try await event in events {
            try accumulator.consume(event)
        }
        let bytes = api.encodeResponse(accumulator.response, for: call.inbound)
        let elapsed = ContinuousClock.now - started
        call.finished.elapsed = elapsed
        if call.keepsPayloads { call.finished.responseBody = bytes }
        reporter.report(call.finished, record: record)
        var headers = gatewayHeaders(record: record, elapsed: elapsed)
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Streams the answer as it arrives — the events that arrived together in one write; the router has already
    /// seen its first content, so the head can be committed. A client that disconnects makes a write (of events or
    /// of a heartbeat during upstream silence) fail, which ends the pump and cancels the upstream request.
    @inline(never)
    private func streamingResponse(
        _ events: ChatEventStream,
        call: PreparedCall,
        context: GatewayRequestContext,
        record: CallRecord,
        started: ContinuousClock.Instant
    ) -> Response {
        var headers = gatewayHeaders(record: record, elapsed: ContinuousClock.now - started)
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        let answer = StreamedAnswer(
            encoder: api.makeStreamEncoder(for: call.inbound),
            finished: call.finished,
            capturing: call.keepsPayloads,
            requestID: context.requestID,
            logger: context.logger
        )
        let heartbeatInterval = self.heartbeatInterval
        let eventLoop = context.eventLoop
        let reporter = self.reporter
        // The writer's frames are kept small on purpose: they are the first the connection's task allocates after
        // the call's deepest moment, and one that does not fit where that moment's frames were makes the task's
        // allocator merge all their memory into a new block while the old blocks stay with malloc.
        let body = ResponseBody { writer in
            defer {
                // However the stream ends — finished, failed, or the client gone — it is reported once.
                answer.report(to: reporter, record: record, elapsed: .now - started)
            }
            let ending = try await DisconnectAwarePump.pump(events, heartbeatEvery: heartbeatInterval, on: eventLoop) { events in
                if let bytes = answer.encode(events) {
                    try await writer.write(bytes)
                }
            } heartbeat: {
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
            }
            if let bytes = answer.end(ending) {
                try await writer.write(bytes)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The error answer to a call that failed with `error` — before it was decoded when `call` is `nil`.
    @inline(never)
    private func failed(
        with error: any Error,
        call: PreparedCall?,
        context: GatewayRequestContext,
        record: CallRecord,
        startedAt: Date
    ) -> Response {
        let elapsed = ContinuousClock.now - record.startedAt
        var finished = call?.finished ?? Self.finished(context: context, startedAt: startedAt, elapsed: elapsed)
        finished.elapsed = elapsed
        let failure = SwitchyardError(wrapping: error)
        let status = ErrorResponse.status(for: failure, allowsStatus529: allowsStatus529)
        finished.status = Int(status.code)
        finished.outcome = failure.code.label
        finished.errorMessage = failure.message
        finished.firstToken = nil
        reporter.report(finished, record: record)
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
    /// writing failed) — for a whole answer or an error, written in one go as this returns, at once.
    private func tracingStages(after response: Response, record: CallRecord, parent: ServiceContext) -> Response {
        let gateway = self.gateway
        let background = self.background
        guard response.body.isStreamed else {
            background.execute { gateway.traceStages(of: record, under: parent) }
            return response
        }
        var response = response
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { background.execute { gateway.traceStages(of: record, under: parent) } }
            try await body.write(writer)
        }
        return response
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
