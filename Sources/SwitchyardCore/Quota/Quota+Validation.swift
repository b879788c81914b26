/// The rules a quota must follow before it is stored, and the parsing of limits and scopes as operators write
/// them (admin API bodies, CLI flags). Every error is an `invalid_request` ``SwitchyardError`` whose message names
/// the field, says what is wrong and what is allowed.
extension Quota {
    /// The largest dollar limit accepted: $10,000,000, in nanodollars.
    public static let maximumUSD: Int64 = 10_000_000 * 1_000_000_000
    /// The largest token limit accepted: 10¹³ cost-weighted tokens.
    public static let maximumTokens: Int64 = 10_000_000_000_000
    /// The largest request limit accepted: 10⁹ requests.
    public static let maximumRequests: Int64 = 1_000_000_000
    /// The windows a rate limit may count over.
    public static let rateLimitWindows: [QuotaWindow] = [.minute, .day]

    /// The largest limit accepted for `metric`, in the metric's unit.
    public static func maximumLimit(for metric: Metric) -> Int64 {
        switch metric {
        case .usd: maximumUSD
        case .tokens: maximumTokens
        case .requests: maximumRequests
        }
    }

    /// Checks that the quota can be enforced as written.
    ///
    /// - A limit above zero and at most ``maximumLimit(for:)``.
    /// - A budget counts `usd` or `tokens`, over any window.
    /// - A rate limit counts `requests` or `tokens`, per `minute` or `day`.
    /// - A step limit counts `requests`.
    /// - A `deployment` scope only on a rate limit (an upstream's limits are rates, not budgets).
    /// - Alert thresholds between 1 and 100, each at most once.
    ///
    /// - Throws: ``SwitchyardError`` `invalidRequest` naming the first field that breaks a rule.
    public func validate() throws {
        _ = try Self.checkLimit(limit, metric: metric, field: "limit")
        if kind == .budget, metric == .requests {
            throw SwitchyardError.invalidRequest(
                "`metric`: a budget counts `usd` or `tokens`, not `requests`; limit requests with a rate_limit quota."
            )
        }
        if kind == .rateLimit {
            guard metric != .usd else {
                throw SwitchyardError.invalidRequest(
                    "`metric`: a rate limit counts `requests` or `tokens`, not `usd`; cap dollars with a budget quota."
                )
            }
            guard Self.rateLimitWindows.contains(window) else {
                throw SwitchyardError.invalidRequest(
                    "`window`: a rate limit counts per `minute` or `day`, not `\(window.rawValue)`; use a budget for longer periods."
                )
            }
        }
        if kind == .stepLimit, metric != .requests {
            throw SwitchyardError.invalidRequest("`metric`: a step limit counts `requests` (calls), not `\(metric.rawValue)`.")
        }
        if scope.kind == .deployment, kind != .rateLimit {
            throw SwitchyardError.invalidRequest(
                "`scope`: a `deployment` scope is only for rate limits (an upstream's own limits); got a \(kind.rawValue)."
            )
        }
        try Self.validateAlertThresholds(alertThresholds, field: "alert_thresholds")
    }

    /// Parses a limit written as text: decimal dollars such as `12.50` for `usd` (at most nine decimals), a whole
    /// number for `tokens` and `requests`. `field` names the input in error messages.
    ///
    /// - Returns: the limit in the metric's unit (nanodollars for `usd`), checked with ``checkLimit(_:metric:field:)``.
    /// - Throws: ``SwitchyardError`` `invalidRequest` for a negative, zero, malformed or absurd amount.
    public static func parseLimit(_ text: String, metric: Metric, field: String) throws -> Int64 {
        if text.hasPrefix("-") {
            throw SwitchyardError.invalidRequest("`\(field)` must be greater than zero; got `\(text)`.")
        }
        switch metric {
        case .usd:
            if let money = Money(decimalDollars: text) {
                return try checkLimit(money.nanodollars, metric: metric, field: field)
            }
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            let isDecimal = !text.isEmpty && parts.count <= 2 && parts.allSatisfy { $0.allSatisfy(\.isASCIIDigitCharacter) }
            if isDecimal, parts.count == 2, parts[1].count > 9 {
                throw SwitchyardError.invalidRequest(
                    "`\(field)` has \(parts[1].count) decimal places; dollar amounts take at most 9 (nanodollars), such as 12.50."
                )
            }
            if isDecimal {
                throw tooLarge(field: field, metric: metric, got: text)
            }
            throw SwitchyardError.invalidRequest(
                "`\(field)` must be a decimal dollar amount such as 12.50 (digits, an optional point and up to 9 decimals); got `\(text)`."
            )
        case .tokens, .requests:
            if let value = Int64(text) {
                return try checkLimit(value, metric: metric, field: field)
            }
            if !text.isEmpty, text.allSatisfy(\.isASCIIDigitCharacter) {
                throw tooLarge(field: field, metric: metric, got: text)
            }
            throw SwitchyardError.invalidRequest("`\(field)` must be a whole number of \(metric.rawValue) such as 1000; got `\(text)`.")
        }
    }

    /// Checks that `value` (in the metric's unit) is above zero and at most ``maximumLimit(for:)``.
    ///
    /// - Returns: `value`.
    /// - Throws: ``SwitchyardError`` `invalidRequest` naming `field` otherwise.
    @discardableResult
    public static func checkLimit(_ value: Int64, metric: Metric, field: String) throws -> Int64 {
        guard value > 0 else {
            let shown = metric == .usd ? "$\(Money(nanodollars: value))" : String(value)
            throw SwitchyardError.invalidRequest("`\(field)` must be greater than zero; got \(shown).")
        }
        guard value <= maximumLimit(for: metric) else {
            let shown = metric == .usd ? "$\(Money(nanodollars: value))" : String(value)
            throw tooLarge(field: field, metric: metric, got: shown)
        }
        return value
    }

    /// Checks alert thresholds: percentages from 1 to 100, none repeated.
    ///
    /// - Throws: ``SwitchyardError`` `invalidRequest` naming `field` and the offending value.
    public static func validateAlertThresholds(_ thresholds: [Int], field: String) throws {
        var seen: Set<Int> = []
        for threshold in thresholds {
            guard (1...100).contains(threshold) else {
                throw SwitchyardError.invalidRequest("`\(field)`: \(threshold) is not a percentage from 1 to 100.")
            }
            guard seen.insert(threshold).inserted else {
                throw SwitchyardError.invalidRequest("`\(field)`: \(threshold) is listed twice; list each percentage once.")
            }
        }
    }

    private static func tooLarge(field: String, metric: Metric, got: String) -> SwitchyardError {
        let maximum = metric == .usd ? "$10,000,000" : metric == .tokens ? "10^13 tokens" : "10^9 requests"
        return SwitchyardError.invalidRequest("`\(field)` is too large: \(got) is above the maximum of \(maximum).")
    }
}

extension QuotaScope {
    /// Parses a scope as ``init(parsing:)`` does, with an error that lists the valid forms instead of `nil`.
    ///
    /// - Throws: ``SwitchyardError`` `invalidRequest` naming `field`, for an unknown kind or an empty id.
    public init(validating text: String, field: String = "scope") throws {
        guard let scope = QuotaScope(parsing: text) else {
            let kinds = Kind.allCases.filter { $0 != .global }.map(\.rawValue).joined(separator: ", ")
            throw SwitchyardError.invalidRequest(
                "`\(field)`: `\(text)` is not a scope. Write `global`, `KIND:ID` or `KIND:*` with KIND one of \(kinds)."
            )
        }
        self = scope
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool {
        ("0"..."9").contains(self)
    }
}
