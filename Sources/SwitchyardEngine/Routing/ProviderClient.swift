import SwitchyardCore
import SwitchyardProviders
import Tracing

/// Calls one deployment: translates the canonical request, sends it, and turns the answer into canonical events.
public struct ProviderClient: Sendable {
    /// The largest non-streaming response or error body read from an upstream.
    public var maximumResponseBytes: Int

    private let transport: any UpstreamTransport
    private let tracer: any Tracer

    /// A client sending through `transport`, propagating the current trace context (W3C `traceparent`) to the
    /// upstream with `tracer`.
    public init(transport: any UpstreamTransport, maximumResponseBytes: Int = 32 << 20, tracer: any Tracer = InstrumentationSystem.tracer) {
        self.transport = transport
        self.maximumResponseBytes = maximumResponseBytes
        self.tracer = tracer
    }

    /// Sends `request` to `deployment` and returns its answer as canonical events once the upstream has accepted
    /// the call (a success status arrived).
    ///
    /// - Throws: the upstream's error as a ``SwitchyardError`` (with `isRetryable` set by its status), or a
    ///   transport error.
    public func open(
        _ request: ChatRequest,
        on deployment: Deployment,
        timeouts: TransportTimeouts,
        record: CallRecord
    ) async throws -> ChatEventStream {
        let (translator, httpRequest) = try prepare(request, on: deployment)
        let sent = ContinuousClock.now
        let response = try await transport.send(httpRequest, timeouts: timeouts)
        guard (200..<300).contains(response.status) else {
            throw await refusal(response, translator: translator, deployment: deployment, record: record, sent: sent)
        }
        guard request.stream else {
            return try await wholeAnswer(response, translator: translator, record: record, sent: sent)
        }
        record.addUpstreamWait(.now - sent)
        let decoding = StreamDecoding(body: response.body, decoder: translator.makeStreamDecoder(), record: record)
        return ChatEventStream(unfolding: { try await decoding.next() })
    }

    /// The deployment's translator, and `request` as its upstream call, trace context included. Kept out of
    /// ``open(_:on:timeouts:record:)``, whose frame stays alive while the upstream answers.
    @inline(never)
    private func prepare(_ request: ChatRequest, on deployment: Deployment) throws -> (any ProviderTranslator, UpstreamHTTPRequest) {
        let translator = Self.translator(for: deployment.kind)
        var upstreamRequest = request
        upstreamRequest.model = deployment.model
        var httpRequest = try translator.makeHTTPRequest(for: upstreamRequest, endpoint: deployment.endpoint)
        if let context = ServiceContext.current {
            tracer.inject(context, into: &httpRequest.headers, using: UpstreamHeaderInjector())
        }
        return (translator, httpRequest)
    }

    /// The error an upstream's non-success answer stands for, as its translator reads it.
    @inline(never)
    private func refusal(
        _ response: UpstreamHTTPResponse,
        translator: any ProviderTranslator,
        deployment: Deployment,
        record: CallRecord,
        sent: ContinuousClock.Instant
    ) async -> SwitchyardError {
        let body = (try? await response.body.collect(upTo: maximumResponseBytes)) ?? []
        record.addUpstreamWait(.now - sent)
        var error = translator.decodeError(status: response.status, headers: response.headers, body: body)
        error.scope = error.scope ?? "deployment:\(deployment.id)"
        return error
    }

    /// A whole (not streamed) answer, as the events a stream of it would have.
    @inline(never)
    private func wholeAnswer(
        _ response: UpstreamHTTPResponse,
        translator: any ProviderTranslator,
        record: CallRecord,
        sent: ContinuousClock.Instant
    ) async throws -> ChatEventStream {
        let body = try await response.body.collect(upTo: maximumResponseBytes)
        record.addUpstreamWait(.now - sent)
        let events = try translator.decodeResponse(body).streamEvents
        return ChatEventStream { continuation in
            for event in events { continuation.yield(event) }
            continuation.finish()
        }
    }

    /// The translator for a wire protocol.
    static func translator(for kind: ProviderKind) -> any ProviderTranslator {
        switch kind {
        case .openAI: OpenAI.ChatCompletionsTranslator(flavor: .openAI)
        case .openAICompatible: OpenAI.ChatCompletionsTranslator(flavor: .compatible)
        case .anthropic: Anthropic.MessagesTranslator()
        case .gemini: Gemini.GenerateContentTranslator()
        }
    }
}

/// Writes trace-context headers into an upstream request's header list.
private struct UpstreamHeaderInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [(name: String, value: String)]) {
        carrier.append((key.lowercased(), value))
    }
}

/// Pulls upstream body chunks on demand and decodes them into canonical events.
///
/// Decoding is as lazy as reading: a body chunk is split into its SSE events at once (cheap), but each event is
/// decoded only when the one before it has been taken — so when an upstream sends many events in one chunk, the
/// first of them reaches the client without waiting for the rest to be decoded.
///
/// `@unchecked Sendable`: it backs a `ChatEventStream(unfolding:)`, whose closure is never called
/// concurrently, so its mutable state is only ever touched by one task at a time.
private final class StreamDecoding: @unchecked Sendable {
    private var body: UpstreamBody.AsyncIterator
    private var parser = ServerSentEventParser()
    private var decoder: any UpstreamStreamDecoder
    /// SSE events read from the body and not yet decoded.
    private var undecoded: [ServerSentEvent] = []
    private var undecodedIndex = 0
    /// Canonical events decoded and not yet returned.
    private var pending: [StreamEvent] = []
    private var pendingIndex = 0
    private var bodyEnded = false
    private var decoderFinished = false
    private let record: CallRecord
    private let clock = ContinuousClock()

    init(body: UpstreamBody, decoder: any UpstreamStreamDecoder, record: CallRecord) {
        self.body = body.makeAsyncIterator()
        self.decoder = decoder
        self.record = record
    }

    func next() async throws -> StreamEvent? {
        while pendingIndex == pending.count {
            pending.removeAll(keepingCapacity: true)
            pendingIndex = 0
            if undecodedIndex < undecoded.count {
                defer { undecodedIndex += 1 }
                pending = try decoder.decode(undecoded[undecodedIndex])
            } else if !bodyEnded {
                undecoded.removeAll(keepingCapacity: true)
                undecodedIndex = 0
                let waitStart = clock.now
                let chunk = try await body.next()
                record.addUpstreamWait(clock.now - waitStart)
                if let chunk {
                    undecoded = parser.feed(chunk)
                } else {
                    bodyEnded = true
                    undecoded = parser.finish()
                }
            } else if !decoderFinished {
                decoderFinished = true
                pending = try decoder.finish()
            } else {
                return nil
            }
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }
}
