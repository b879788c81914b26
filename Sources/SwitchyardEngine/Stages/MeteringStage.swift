import Foundation
import Synchronization
import SwitchyardCore

/// Metering: turns every call into one ledger entry — who, which model and deployment, usage by kind, cost,
/// latency, overhead and outcome.
///
/// The outermost stage, so refusals of later stages are recorded too. With ``LedgerDurability/committed`` a
/// successful answer's entry is committed before its `messageStop` passes on, so the client hears the call
/// succeeded only once the entry is durable; with ``LedgerDurability/queued`` it is queued like every other entry.
/// An answer that fails or is cut short is charged for what it streamed and recorded without holding anything up.
public struct MeteringStage: PipelineStage {
    public var name: SwitchyardError.Stage { .metering }

    private let writer: BatchWriter<LedgerEntry>
    private let durability: LedgerDurability
    private let days: LedgerDays
    private let metrics: GatewayMetrics

    /// A stage recording calls through `writer` — a successful call's entry committed before its answer ends or only
    /// queued, as `durability` says — dating daily reports in `timeZone`, and reporting tokens and cost to `metrics`.
    public init(
        writer: BatchWriter<LedgerEntry>,
        durability: LedgerDurability = .committed,
        timeZone: TimeZone,
        metrics: GatewayMetrics = GatewayMetrics()
    ) {
        self.writer = writer
        self.durability = durability
        self.days = LedgerDays(timeZone: timeZone)
        self.metrics = metrics
    }

    public func intercept(
        _ input: ChatRequest,
        context: CallContext,
        next: (ChatRequest, CallContext) async throws -> ChatEventStream
    ) async throws -> ChatEventStream {
        let call = MeteredCall(request: input, context: context, days: days, metrics: metrics)
        let stream: ChatEventStream
        do {
            stream = try await next(input, context)
        } catch {
            writer.submit(call.entry(usage: .zero, outcome: Self.outcome(of: error)))
            throw error
        }
        let tap = LedgerTap(stream.makeAsyncIterator(), call: call, writer: writer, durability: durability)
        return ChatEventStream(unfolding: { try await tap.next() })
    }

    /// The ledger outcome of a call that ended with `error`: its code, or `cancelled`.
    fileprivate static func outcome(of error: any Error) -> String {
        switch error {
        case let error as SwitchyardError: error.code.label
        case is CancellationError: "cancelled"
        default: SwitchyardError.Code.internalError.label
        }
    }
}

/// What the ledger needs to know about a call from its start. A class, so that the stage's frame — alive for as
/// long as the call runs — holds one reference to it.
private final class MeteredCall: Sendable {
    let request: ChatRequest
    let context: CallContext
    let days: LedgerDays
    let metrics: GatewayMetrics
    let started = ContinuousClock.now
    let startedAt = Date()

    init(request: ChatRequest, context: CallContext, days: LedgerDays, metrics: GatewayMetrics) {
        self.request = request
        self.context = context
        self.days = days
        self.metrics = metrics
    }

    /// The entry for this call, now that it has ended with `outcome` having consumed `usage`; also notes the
    /// charge in the call's record and the token and cost metrics.
    @inline(never)
    func entry(usage: Usage, outcome: String) -> LedgerEntry {
        let record = context.record
        let cost = record.answeringAttempt?.price?.cost(of: usage) ?? .zero
        record.recordCharge(usage: usage, cost: cost)
        let elapsed = ContinuousClock.now - started
        let answering = record.answeringAttempt ?? record.attempts.last
        let principal = context.principal
        let finishedAt = startedAt.addingTimeInterval(elapsed.seconds)
        metrics.recordUsage(model: request.model, provider: answering?.provider, usage: usage, cost: cost)
        return LedgerEntry(
            requestID: context.requestID,
            recordedAt: finishedAt,
            day: days.label(of: finishedAt),
            keyID: principal.keyID,
            tenant: principal.tenant,
            agent: principal.agent,
            user: principal.user,
            session: principal.session,
            model: request.model,
            provider: answering?.provider,
            deploymentModel: answering?.model,
            usage: usage,
            cost: cost,
            latencyMilliseconds: Int(elapsed.seconds * 1000),
            overheadMicroseconds: Int(max(0, (elapsed - record.upstreamWait).seconds) * 1_000_000),
            outcome: outcome,
            streamed: request.stream
        )
    }
}

/// Reads the answer stream for its consumer, metering it, and records the call's entry exactly once: before
/// `messageStop` is handed on (waiting for the commit when the ledger's durability is `committed`), or when the
/// stream fails or is abandoned.
///
/// `@unchecked Sendable`: a `ChatEventStream(unfolding:)` never calls its closure concurrently, so the
/// iterator is only ever touched by one task at a time; the rest is under a lock.
private final class LedgerTap: @unchecked Sendable {
    private var iterator: ChatEventStream.AsyncIterator
    private let call: MeteredCall
    private let writer: BatchWriter<LedgerEntry>
    private let durability: LedgerDurability
    private let state = Mutex<(meter: UsageMeter, recorded: Bool)>((UsageMeter(), false))

    init(_ iterator: ChatEventStream.AsyncIterator, call: MeteredCall, writer: BatchWriter<LedgerEntry>, durability: LedgerDurability) {
        self.iterator = iterator
        self.call = call
        self.writer = writer
        self.durability = durability
    }

    func next() async throws -> StreamEvent? {
        let event: StreamEvent?
        do {
            event = try await iterator.next()
        } catch {
            submitOnce(outcome: MeteringStage.outcome(of: error))
            throw error
        }
        guard let event else {
            submitOnce(outcome: "cancelled")
            return nil
        }
        if case .messageStop = event, durability == .committed {
            await commit(meter(event))
        } else if let entry = meter(event) {
            writer.submit(entry)
        }
        return event
    }

    /// Writes `entry`, if any, and waits for its commit.
    @inline(never)
    private func commit(_ entry: LedgerEntry?) async {
        guard let entry else { return }
        await writer.write(entry)
    }

    /// Counts `event`'s usage; returns the call's entry when `event` ends the answer (its stop, or an error event).
    /// Kept out of ``next()``, whose frame lives as long as the stream is read.
    @inline(never)
    private func meter(_ event: StreamEvent) -> LedgerEntry? {
        state.withLock { state in
            state.meter.consume(event)
            switch event {
            case .messageStop where !state.recorded:
                state.recorded = true
                return call.entry(usage: state.meter.usage(estimatedInputTokens: call.request.estimatedInputTokens), outcome: "ok")
            case .error(let error) where !state.recorded:
                state.recorded = true
                return call.entry(usage: state.meter.usage(estimatedInputTokens: call.request.estimatedInputTokens), outcome: error.code.label)
            default:
                return nil
            }
        }
    }

    @inline(never)
    private func submitOnce(outcome: String) {
        let entry: LedgerEntry? = state.withLock { state in
            guard !state.recorded else { return nil }
            state.recorded = true
            return call.entry(usage: state.meter.usage(estimatedInputTokens: call.request.estimatedInputTokens), outcome: outcome)
        }
        if let entry { writer.submit(entry) }
    }

    deinit {
        submitOnce(outcome: "cancelled")
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
