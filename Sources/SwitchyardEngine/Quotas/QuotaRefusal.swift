import Foundation
import SwitchyardCore

/// A quota that could not cover a call: raised by the allotment pool, turned into the caller's error by
/// ``QuotaEnforcer`` once it has looked up what the quota has consumed.
struct QuotaRefusal: Error {
    /// The quota that refused.
    var binding: QuotaBinding
    /// What the call needed of it.
    var requested: Int64
    /// Set when the store could not be reached to lease more; the call is refused so the cap holds.
    var storeFailure: String?

    init(binding: QuotaBinding, requested: Int64) {
        self.binding = binding
        self.requested = requested
    }

    static func storeUnreachable(_ binding: QuotaBinding, cause: any Error) -> QuotaRefusal {
        var refusal = QuotaRefusal(binding: binding, requested: 0)
        refusal.storeFailure = "\(cause)"
        return refusal
    }

    /// The error the caller gets: which quota, its limit, what is consumed, and when it resets.
    func error(consumed: Int64, now: Date) -> SwitchyardError {
        let quota = binding.quota
        if let storeFailure {
            return SwitchyardError(
                code: .internalError,
                message: "The quota store could not be reached to count this call against \(quota.kind.rawValue) "
                    + "\(quota.id) (\(binding.scopeLabel)); the call is refused so the limit cannot be exceeded.",
                stage: .budget,
                scope: binding.scopeLabel,
                cause: storeFailure
            )
        }
        let reset = binding.windowEnd.map { " It resets at \($0.formatted(.iso8601))." } ?? " It does not reset (window `total`)."
        let retryAfter = binding.windowEnd.map { Duration.milliseconds(max(0, Int64(($0.timeIntervalSince(now) * 1000).rounded(.up)))) }
        let spent = "\(quota.describe(amount: consumed)) of \(quota.describe(amount: quota.limit)) is used \(quota.window.phrase)"
        switch quota.kind {
        case .budget:
            return SwitchyardError(
                code: .budgetExceeded,
                message: "Budget exceeded for \(binding.scopeLabel) (quota \(quota.id)): \(spent), and this call may "
                    + "need up to \(quota.describe(amount: requested)).\(reset)",
                stage: .budget,
                scope: binding.scopeLabel,
                retryAfter: retryAfter
            )
        case .rateLimit:
            return SwitchyardError(
                code: .rateLimited,
                message: "Rate limit reached for \(binding.scopeLabel) (quota \(quota.id)): \(spent).\(reset)",
                stage: .budget,
                scope: binding.scopeLabel,
                retryAfter: retryAfter
            )
        case .stepLimit:
            return SwitchyardError(
                code: .stepLimitExceeded,
                message: "Step limit reached for \(binding.scopeLabel) (quota \(quota.id)): \(spent). "
                    + "An agent or session that needs more steps needs a higher limit.\(reset)",
                stage: .budget,
                scope: binding.scopeLabel,
                retryAfter: retryAfter
            )
        }
    }
}
