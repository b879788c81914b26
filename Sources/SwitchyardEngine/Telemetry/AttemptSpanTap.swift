import Synchronization
import SwitchyardCore
import Tracing

/// Watches an attempt's answer stream and ends its span once, when the stream ends, with the GenAI usage
/// attributes (`gen_ai.usage.*`), the finish reason, the response model and Switchyard's cost — set, and the span
/// ended, on the background executor.
final class AttemptSpanTap: Sendable {
    private let span: any Span
    private let record: CallRecord
    private let background: BackgroundExecutor
    private let state = Mutex<(meter: UsageMeter, model: String?, stopReason: StopReason?, ended: Bool)>((UsageMeter(), nil, nil, false))

    init(span: any Span, record: CallRecord, background: BackgroundExecutor) {
        self.span = span
        self.record = record
        self.background = background
    }

    func observe(_ event: StreamEvent?) {
        let ending: (usage: Usage, model: String?, stopReason: StopReason?, failure: SwitchyardError?)? = state.withLock { state in
            guard !state.ended else { return nil }
            switch event {
            case .messageStart(let start)?:
                state.model = start.model
                state.meter.consume(.messageStart(start))
                return nil
            case .messageDelta(let delta)?:
                if let reason = delta.stopReason { state.stopReason = reason }
                state.meter.consume(.messageDelta(delta))
                return nil
            case .error(let error)?:
                state.ended = true
                return (state.meter.usage(estimatedInputTokens: 0), state.model, state.stopReason, error)
            case .messageStop?:
                state.ended = true
                state.meter.consume(.messageStop)
                return (state.meter.usage(estimatedInputTokens: 0), state.model, state.stopReason, nil)
            case nil:
                state.ended = true
                return (state.meter.usage(estimatedInputTokens: 0), state.model, state.stopReason, nil)
            case let other?:
                state.meter.consume(other)
                return nil
            }
        }
        guard let ending else { return }
        // The attributes and the tracer's work of ending the span are done on the background executor, at the
        // instant the stream ended.
        let end = DefaultTracerClock.now
        let price = record.answeringAttempt?.price
        let span = span
        background.execute { Self.finish(span, ending, price: price, at: end) }
    }

    private static func finish(
        _ span: any Span,
        _ ending: (usage: Usage, model: String?, stopReason: StopReason?, failure: SwitchyardError?),
        price: ModelPrice?,
        at end: DefaultTracerClock.Instant
    ) {
        span.updateAttributes { attributes in
            attributes["gen_ai.response.model"] = ending.model
            attributes["gen_ai.usage.input_tokens"] = ending.usage.totalInputTokens
            attributes["gen_ai.usage.output_tokens"] = ending.usage.outputTokens
            attributes["gen_ai.usage.cache_read.input_tokens"] = ending.usage.cacheReadTokens
            attributes["gen_ai.usage.cache_creation.input_tokens"] = ending.usage.totalCacheWriteTokens
            attributes["gen_ai.usage.reasoning.output_tokens"] = ending.usage.reasoningTokens
            if let reason = ending.stopReason {
                attributes["gen_ai.response.finish_reasons"] = [reason.rawValue]
            }
            if let price {
                attributes["switchyard.cost_usd"] = price.cost(of: ending.usage).description
            }
        }
        if let failure = ending.failure {
            span.recordError(failure)
            span.attributes["error.type"] = failure.code.label
            span.setStatus(SpanStatus(code: .error, message: failure.code.label))
        }
        span.end(at: end)
    }
}
