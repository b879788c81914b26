import Foundation
import SwitchyardCore

/// Budget: admits a call only if every budget, rate limit and step limit that applies can cover its worst case,
/// holds that worst case while the call runs, and settles to what it really consumed when the answer ends.
///
/// The worst case is the input bound (see `ChatRequest.inputTokenBound`) plus `max_tokens` of output at the
/// dearest price any deployment of the alias (or its fallbacks) charges. A call that sets no `max_tokens` is
/// sent with ``QuotaSettings/defaultMaximumOutputTokens`` when a dollar or token quota applies, so the bound
/// holds. A call that fails releases what it held; one cut short is charged for what was streamed.
public struct QuotaStage: PipelineStage {
    public var name: SwitchyardError.Stage { .budget }

    private let enforcer: QuotaEnforcer
    private let catalog: ModelCatalog

    /// A stage enforcing `enforcer`'s quotas, pricing calls with `catalog`.
    public init(enforcer: QuotaEnforcer, catalog: ModelCatalog) {
        self.enforcer = enforcer
        self.catalog = catalog
    }

    public func intercept(
        _ input: ChatRequest,
        context: CallContext,
        next: (ChatRequest, CallContext) async throws -> ChatEventStream
    ) async throws -> ChatEventStream {
        let now = Date()
        let bindings = try await enforcer.bindings(for: context.principal, now: now)
        guard !bindings.isEmpty else {
            return try await next(input, context)
        }
        let (request, worstCase) = worstCase(of: input, under: bindings)
        let holds = try await enforcer.admit(bindings, charge: worstCase, now: now)
        noteRateLimits(of: bindings, in: context.record)
        let stream: ChatEventStream
        do {
            stream = try await next(request, context)
        } catch {
            enforcer.release(holds)
            throw error
        }
        return settling(stream, holds: holds, request: request, record: context.record)
    }

    /// `input` with a cap on its output when a token or cost quota needs one to bound it, and the most it can cost.
    /// This and the other steps are kept out of ``intercept(_:context:next:)``, whose frame is alive for as long
    /// as the call runs.
    @inline(never)
    private func worstCase(of input: ChatRequest, under bindings: [QuotaBinding]) -> (ChatRequest, CallCharge) {
        let settings = enforcer.settings
        var request = input
        if request.maxTokens == nil, bindings.contains(where: { $0.quota.metric != .requests }) {
            request.maxTokens = settings.defaultMaximumOutputTokens
        }
        let worstCase = CallCharge.worstCase(
            inputTokens: request.inputTokenBound,
            maximumOutputTokens: request.maxTokens ?? settings.defaultMaximumOutputTokens,
            price: catalog.worstCasePrice(for: request.model),
            outputWeight: settings.outputTokenWeight
        )
        return (request, worstCase)
    }

    @inline(never)
    private func noteRateLimits(of bindings: [QuotaBinding], in record: CallRecord) {
        for status in enforcer.rateLimitStatuses(bindings) {
            record.recordRateLimit(status)
        }
    }

    @inline(never)
    private func settling(_ stream: ChatEventStream, holds: [AllotmentPool.Hold], request: ChatRequest, record: CallRecord) -> ChatEventStream {
        QuotaSettlement(enforcer: enforcer, holds: holds, request: request, record: record).settling(stream)
    }
}
