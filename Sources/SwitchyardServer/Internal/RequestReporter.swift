import Foundation
import SwitchyardCore
import SwitchyardEngine

/// Reports each finished request of one client API: its metric series, and — as the capture policy of its
/// principal allows — its request-log entry, built from the call's record (stages, attempts, routing decisions,
/// usage and cost) on the background executor and queued for the batching writer.
struct RequestReporter: Sendable {
    /// The API's name in metrics and the request log.
    let apiName: String
    let metrics: GatewayMetrics
    /// Where entries go; `nil` keeps no request log.
    let requestLog: BatchWriter<RequestLogEntry>?
    let settings: RequestLogSettings
    /// Where entries are built, off the request's way.
    let background: BackgroundExecutor

    /// The facts of a request known only at the edge.
    struct Finished: Sendable {
        var requestID: String
        var traceID: String?
        var startedAt: Date
        var principal: Principal?
        var model: String?
        var status: Int
        var outcome: String
        var errorMessage: String?
        var streamed: Bool
        var elapsed: Duration
        var firstToken: Duration?
        var requestBody: [UInt8]?
        var responseBody: [UInt8]?
    }

    /// How much of a request by `principal` the log keeps; `.none` when there is no log.
    func captureMode(for principal: Principal?) -> RequestLogEntry.Capture {
        guard requestLog != nil else { return .none }
        return principal.map { settings.capture(for: $0) } ?? settings.capture
    }

    /// Reports `finished`, whose pipeline facts are in `record`: the metrics at once, the request-log entry once the
    /// background executor gets to it.
    func report(_ finished: Finished, record: CallRecord) {
        let overhead = max(.zero, finished.elapsed - record.upstreamWait)
        // A model the catalog does not know is the client's free text: label it `unknown`, so that no client can
        // grow the number of series without bound.
        let knownModel = finished.outcome == SwitchyardError.Code.modelNotFound.label ? nil : finished.model
        metrics.recordRequest(
            api: apiName,
            model: knownModel ?? "unknown",
            provider: record.answeringProvider,
            outcome: finished.outcome,
            duration: finished.elapsed,
            timeToFirstToken: finished.firstToken,
            overhead: overhead
        )
        let mode = captureMode(for: finished.principal)
        guard let requestLog, mode != .none else { return }
        let maximumPayloadBytes = settings.maximumPayloadBytes
        let apiName = apiName
        background.execute {
            requestLog.submit(Self.entry(finished, record: record, overhead: overhead, api: apiName, mode: mode, maximumPayloadBytes: maximumPayloadBytes))
        }
    }

    /// The request-log entry of `finished`, its payloads captured as `mode` says.
    private static func entry(
        _ finished: Finished,
        record: CallRecord,
        overhead: Duration,
        api apiName: String,
        mode: RequestLogEntry.Capture,
        maximumPayloadBytes: Int
    ) -> RequestLogEntry {
        let capture = PayloadCapture(maximumBytes: maximumPayloadBytes)
        let principal = finished.principal
        let charge = record.charge
        return RequestLogEntry(
            requestID: finished.requestID,
            traceID: finished.traceID,
            startedAt: finished.startedAt,
            durationMicroseconds: finished.elapsed.microseconds,
            overheadMicroseconds: overhead.microseconds,
            timeToFirstTokenMicroseconds: finished.firstToken?.microseconds,
            api: apiName,
            keyID: principal?.keyID,
            keyName: principal?.keyName,
            tenant: principal?.tenant,
            agent: principal?.agent,
            user: principal?.user,
            session: principal?.session,
            model: finished.model ?? "",
            provider: record.answeringProvider,
            status: finished.status,
            outcome: finished.outcome,
            errorMessage: finished.errorMessage,
            streamed: finished.streamed,
            routingDecisions: record.routingDecisions,
            stages: record.stages.sorted { $0.startedAt < $1.startedAt }.map { stage in
                RequestLogEntry.Stage(
                    name: stage.name,
                    startMicroseconds: (stage.startedAt - record.startedAt).microseconds,
                    durationMicroseconds: stage.duration.microseconds,
                    refusal: stage.refusal,
                    message: stage.message
                )
            },
            attempts: record.attempts.map { attempt in
                RequestLogEntry.Attempt(
                    provider: attempt.provider,
                    model: attempt.model,
                    startMicroseconds: attempt.startedAt.map { ($0 - record.startedAt).microseconds } ?? 0,
                    durationMicroseconds: attempt.duration.microseconds,
                    failure: attempt.failure,
                    wasSent: attempt.wasSent
                )
            },
            usage: charge?.usage ?? .zero,
            cost: charge?.cost ?? .zero,
            capture: mode,
            requestBody: finished.requestBody.flatMap { capture.capture(String(decoding: $0, as: UTF8.self), mode: mode) },
            responseBody: finished.responseBody.flatMap { capture.capture(String(decoding: $0, as: UTF8.self), mode: mode) }
        )
    }
}

extension Duration {
    /// The duration in whole microseconds.
    var microseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1_000_000 + Int(attoseconds / 1_000_000_000_000)
    }
}
