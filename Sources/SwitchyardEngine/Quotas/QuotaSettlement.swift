import Synchronization
import SwitchyardCore

/// Settles one call's holds once, when its answer ends however it ends: at `messageStop` with the provider's
/// figures, or when the stream fails or is abandoned with what was streamed (see ``UsageMeter``), priced at the
/// deployment that answered.
final class QuotaSettlement: Sendable {
    private let enforcer: QuotaEnforcer
    private let holds: [AllotmentPool.Hold]
    private let record: CallRecord
    private let estimatedInputTokens: Int
    private let state = Mutex<(meter: UsageMeter, settled: Bool)>((UsageMeter(), false))

    init(enforcer: QuotaEnforcer, holds: [AllotmentPool.Hold], request: ChatRequest, record: CallRecord) {
        self.enforcer = enforcer
        self.holds = holds
        self.record = record
        self.estimatedInputTokens = request.estimatedInputTokens
    }

    /// `stream`, settling the holds as it ends.
    func settling(_ stream: ChatEventStream) -> ChatEventStream {
        stream.observing { event in self.observe(event) }
    }

    private func observe(_ event: StreamEvent?) {
        let usage: Usage? = state.withLock { state in
            guard !state.settled else { return nil }
            if let event {
                state.meter.consume(event)
                guard case .messageStop = event else { return nil }
            }
            state.settled = true
            return state.meter.usage(estimatedInputTokens: estimatedInputTokens)
        }
        guard let usage else { return }
        let charge = CallCharge(usage: usage, price: record.answeringAttempt?.price, outputWeight: enforcer.settings.outputTokenWeight)
        enforcer.settle(holds, charge: charge)
    }
}
