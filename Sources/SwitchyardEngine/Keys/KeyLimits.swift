import SwitchyardCore

/// The budgets and rate limits a key is created with, each becoming a quota scoped to the key (`key:<id>`).
///
/// The admin API (`POST /admin/keys`) and the CLI (`switchyard keys create`) both fill one of these, so a key
/// made either way gets the same quotas.
public struct KeyLimits: Sendable, Hashable {
    /// A dollar budget, in nanodollars (`budget_usd`, `--budget-usd`).
    public var budgetNanodollars: Int64?
    /// A budget in cost-weighted tokens (`budget_tokens`, `--budget-tokens`).
    public var budgetTokens: Int64?
    /// The window both budgets count over (`budget_window`, `--budget-window`); `nil` for
    /// ``defaultBudgetWindow``.
    public var budgetWindow: QuotaWindow?
    /// Requests per minute (`rpm`).
    public var requestsPerMinute: Int64?
    /// Cost-weighted tokens per minute (`tpm`).
    public var tokensPerMinute: Int64?
    /// Requests per day (`rpd`).
    public var requestsPerDay: Int64?
    /// Cost-weighted tokens per day (`tpd`).
    public var tokensPerDay: Int64?

    /// A budget with no window given counts per calendar month, the period bills come in.
    public static let defaultBudgetWindow: QuotaWindow = .month

    /// Creates limits; every one is optional.
    public init(
        budgetNanodollars: Int64? = nil,
        budgetTokens: Int64? = nil,
        budgetWindow: QuotaWindow? = nil,
        requestsPerMinute: Int64? = nil,
        tokensPerMinute: Int64? = nil,
        requestsPerDay: Int64? = nil,
        tokensPerDay: Int64? = nil
    ) {
        self.budgetNanodollars = budgetNanodollars
        self.budgetTokens = budgetTokens
        self.budgetWindow = budgetWindow
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.requestsPerDay = requestsPerDay
        self.tokensPerDay = tokensPerDay
    }

    /// The quotas these limits stand for, scoped to `keyID`, in a fixed order: budgets (usd, tokens), then rate
    /// limits (rpm, tpm, rpd, tpd). Budgets raise alerts at the configured default thresholds.
    ///
    /// - Parameter makeID: makes each quota's id.
    /// - Throws: ``SwitchyardError`` `invalidRequest` when a limit breaks ``Quota/validate()``, or when a budget
    ///   window is given without a budget.
    public func quotas(forKey keyID: String, makeID: () -> String) throws -> [Quota] {
        if budgetWindow != nil, budgetNanodollars == nil, budgetTokens == nil {
            throw SwitchyardError.invalidRequest(
                "`budget_window` (--budget-window) applies to a budget: set `budget_usd` or `budget_tokens` (--budget-usd, --budget-tokens) too."
            )
        }
        let budgetWindow = budgetWindow ?? Self.defaultBudgetWindow
        let scope = QuotaScope(.key, keyID)
        let wanted: [(Quota.Kind, Quota.Metric, QuotaWindow, Int64?, field: String)] = [
            (.budget, .usd, budgetWindow, budgetNanodollars, "budget_usd"),
            (.budget, .tokens, budgetWindow, budgetTokens, "budget_tokens"),
            (.rateLimit, .requests, .minute, requestsPerMinute, "rpm"),
            (.rateLimit, .tokens, .minute, tokensPerMinute, "tpm"),
            (.rateLimit, .requests, .day, requestsPerDay, "rpd"),
            (.rateLimit, .tokens, .day, tokensPerDay, "tpd"),
        ]
        return try wanted.compactMap { kind, metric, window, limit, field in
            guard let limit else { return nil }
            try Quota.checkLimit(limit, metric: metric, field: field)
            let quota = Quota(id: makeID(), kind: kind, scope: scope, metric: metric, limit: limit, window: window)
            try quota.validate()
            return quota
        }
    }
}
