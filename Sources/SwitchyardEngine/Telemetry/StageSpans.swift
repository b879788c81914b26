import SwitchyardCore
import Tracing

/// The spans of a call's pipeline stages, made from the timings its ``CallRecord`` holds once the answer has
/// been written: `switchyard.STAGE`, the outermost a child of the request's span and each nested in the one
/// around it, with the stage's real start and end and, for the stage that refused, the refusal's code, scope
/// and message.
///
/// Built afterwards rather than while the stages run, so the caller's latency carries only the request and
/// attempt spans: the tracer's work for the stage spans happens in one burst after the response has gone out
/// (`docs/observability.md`, `docs/performance.md`).
struct StageSpans: Sendable {
    let tracer: any Tracer

    /// Records the stage spans of `record` under `parent`, the request's span context.
    func record(_ record: CallRecord, under parent: ServiceContext) {
        let stages = record.stages.sorted { $0.startedAt < $1.startedAt }
        guard !stages.isEmpty else { return }
        let clock = WallClockMapping()
        var context = parent
        for stage in stages {
            let span = tracer.startSpan("switchyard.\(stage.name)", context: context, ofKind: .internal, at: clock.instant(stage.startedAt))
            span.attributes["switchyard.stage"] = stage.name
            if let refusal = stage.refusal {
                span.updateAttributes { attributes in
                    attributes["switchyard.refusal.code"] = refusal
                    attributes["switchyard.refusal.scope"] = stage.scope
                    attributes["switchyard.refusal.message"] = stage.message
                }
                span.setStatus(SpanStatus(code: .error, message: "\(refusal): \(stage.message ?? "")"))
            }
            span.end(at: clock.instant(stage.startedAt + stage.duration))
            context = span.context
        }
    }
}

/// Maps instants of the monotonic clock the stages are timed with to wall-clock tracer instants, by one reading
/// of both clocks.
private struct WallClockMapping {
    private let monotonicNow = ContinuousClock.now
    private let wallNow = DefaultTracerClock.now.nanosecondsSinceEpoch

    func instant(_ instant: ContinuousClock.Instant) -> DefaultTracerClock.Instant {
        let nanosecondsAgo = Int64((monotonicNow - instant).attoseconds / 1_000_000_000)
        return DefaultTracerClock.Instant(nanosecondsSinceEpoch: UInt64(max(0, Int64(wallNow) - nanosecondsAgo)))
    }
}
