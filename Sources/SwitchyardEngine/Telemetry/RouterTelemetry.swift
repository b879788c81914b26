import SwitchyardCore
import Tracing

/// The router's spans — one per provider attempt, with the OpenTelemetry GenAI semantic-convention attributes —
/// and its metrics.
struct RouterTelemetry: Sendable {
    let tracer: any Tracer
    let metrics: GatewayMetrics
    /// Where an answered attempt's span gets its final attributes and ends.
    let background: BackgroundExecutor

    /// Starts the span of one attempt: `chat MODEL`, a client span, with what is known before the call.
    func startAttemptSpan(_ request: ChatRequest, on deployment: Deployment, alias: ModelAlias) -> any Span {
        let span = tracer.startSpan("chat \(deployment.model)", context: .current ?? .topLevel, ofKind: .client)
        span.updateAttributes { attributes in
            attributes["gen_ai.operation.name"] = "chat"
            attributes["gen_ai.provider.name"] = Self.providerName(deployment.kind)
            attributes["gen_ai.request.model"] = deployment.model
            attributes["gen_ai.request.max_tokens"] = request.maxTokens
            attributes["gen_ai.request.temperature"] = request.temperature
            attributes["switchyard.alias"] = alias.name
            attributes["switchyard.deployment"] = deployment.id
            attributes["switchyard.provider"] = deployment.provider
        }
        return span
    }

    /// `stream`, ending `span` when it ends with the response model, token counts, finish reason and cost. A span
    /// that records nothing (tracing off, or the trace not sampled) is ended at once and the stream left as it is:
    /// watching every event for attributes nobody keeps cost a layer per event and a background job per call.
    func endingAttemptSpan(_ span: any Span, with stream: ChatEventStream, record: CallRecord) -> ChatEventStream {
        guard span.isRecording else {
            span.end()
            return stream
        }
        let tap = AttemptSpanTap(span: span, record: record, background: background)
        return stream.observing { event in tap.observe(event) }
    }

    /// Ends `span` for an attempt that failed before answering.
    func endAttemptSpan(_ span: any Span, failure: any Error) {
        span.recordError(failure)
        let label = (failure as? SwitchyardError)?.code.label ?? "internal_error"
        span.attributes["error.type"] = label
        if let status = (failure as? SwitchyardError)?.upstreamStatus {
            span.attributes["http.response.status_code"] = status
        }
        span.setStatus(SpanStatus(code: .error, message: label))
        span.end()
    }

    /// The `gen_ai.provider.name` of a wire protocol.
    static func providerName(_ kind: ProviderKind) -> String {
        switch kind {
        case .openAI, .openAICompatible: "openai"
        case .anthropic: "anthropic"
        case .gemini: "gcp.gemini"
        }
    }
}
