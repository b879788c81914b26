import Crypto
import Foundation
import SwitchyardCore
import SwitchyardEngine
import Yams

extension ConfigurationReader {
    /// `quotas:` — time zone, reservation size, token weighting, lease size and alerts.
    mutating func readQuotaSettings(_ node: Node, into settings: inout QuotaSettings) {
        let allowed: Set = ["time_zone", "default_max_output_tokens", "output_token_weight", "lease_divisor", "alerts"]
        guard let fields = mapping(node, at: "quotas", allowed: allowed) else { return }
        if let zoneNode = fields["time_zone"], let name = string(zoneNode, at: "quotas.time_zone") {
            if let zone = TimeZone(identifier: name) {
                settings.timeZone = zone
            } else {
                issue("quotas.time_zone", node: zoneNode, "`\(name)` is not an IANA time zone such as UTC or Europe/Berlin")
            }
        }
        if let tokens = fields["default_max_output_tokens"].flatMap({ integer($0, at: "quotas.default_max_output_tokens", in: 1...10_000_000) }) {
            settings.defaultMaximumOutputTokens = tokens
        }
        if let weight = fields["output_token_weight"].flatMap({ integer($0, at: "quotas.output_token_weight", in: 1...1_000) }) {
            settings.outputTokenWeight = weight
        }
        if let divisor = fields["lease_divisor"].flatMap({ integer($0, at: "quotas.lease_divisor", in: 1...10_000) }) {
            settings.leaseDivisor = divisor
        }
        if let alerts = fields["alerts"], let alertFields = mapping(alerts, at: "quotas.alerts", allowed: ["thresholds", "webhook"]) {
            if let thresholds = alertFields["thresholds"] {
                settings.alertThresholds = readThresholds(thresholds, at: "quotas.alerts.thresholds")
            }
            if let webhookNode = alertFields["webhook"], let url = string(webhookNode, at: "quotas.alerts.webhook") {
                if url.hasPrefix("http://") || url.hasPrefix("https://") {
                    settings.alertWebhook = url
                } else {
                    issue("quotas.alerts.webhook", node: webhookNode, "must start with http:// or https://")
                }
            }
        }
    }

    /// `budgets:` — a list of `{scope, usd | tokens, window, alert_thresholds}`.
    mutating func readBudgets(_ node: Node) -> [Quota] {
        guard case .sequence(let items) = node else {
            issue("budgets", node: node, "must be a list of budgets")
            return []
        }
        var quotas: [Quota] = []
        for (index, item) in items.enumerated() {
            let path = "budgets[\(index)]"
            guard let fields = mapping(item, at: path, allowed: ["scope", "usd", "tokens", "window", "alert_thresholds"]) else { continue }
            guard let scope = readScope(fields["scope"], item: item, at: "\(path).scope") else { continue }
            let window = readWindow(fields["window"], at: "\(path).window", allowed: QuotaWindow.allCases) ?? .month
            let thresholds = fields["alert_thresholds"].map { readThresholds($0, at: "\(path).alert_thresholds") } ?? []
            switch (fields["usd"], fields["tokens"]) {
            case (let usdNode?, nil):
                guard let text = string(usdNode, at: "\(path).usd") else { continue }
                guard let amount = Money(decimalDollars: text), amount > .zero, amount.nanodollars <= Self.maximumBudgetNanodollars else {
                    issue("\(path).usd", node: usdNode, "`\(text)` is not an amount of dollars above 0 and at most 10000000, with at most 9 decimals")
                    continue
                }
                quotas.append(quota(.budget, scope: scope, metric: .usd, limit: amount.nanodollars, window: window, thresholds: thresholds))
            case (nil, let tokenNode?):
                guard let tokens = integer(tokenNode, at: "\(path).tokens", in: 1...Int(Self.maximumTokens)) else { continue }
                quotas.append(quota(.budget, scope: scope, metric: .tokens, limit: Int64(tokens), window: window, thresholds: thresholds))
            default:
                issue(path, node: item, "needs exactly one of `usd` (dollars) or `tokens`")
            }
        }
        return quotas
    }

    /// `rate_limits:` — a list of `{scope, rpm, tpm, rpd, tpd}`; each figure given becomes one rate limit.
    mutating func readRateLimits(_ node: Node) -> [Quota] {
        guard case .sequence(let items) = node else {
            issue("rate_limits", node: node, "must be a list of rate limits")
            return []
        }
        var quotas: [Quota] = []
        for (index, item) in items.enumerated() {
            let path = "rate_limits[\(index)]"
            guard let fields = mapping(item, at: path, allowed: ["scope", "rpm", "tpm", "rpd", "tpd"]) else { continue }
            guard let scope = readScope(fields["scope"], item: item, at: "\(path).scope", allowsDeployment: true) else { continue }
            let figures: [(key: String, metric: Quota.Metric, window: QuotaWindow)] = [
                ("rpm", .requests, .minute), ("tpm", .tokens, .minute), ("rpd", .requests, .day), ("tpd", .tokens, .day),
            ]
            var found = false
            for figure in figures {
                guard let valueNode = fields[figure.key] else { continue }
                found = true
                guard let value = integer(valueNode, at: "\(path).\(figure.key)", in: 1...Int(Self.maximumTokens)) else { continue }
                quotas.append(quota(.rateLimit, scope: scope, metric: figure.metric, limit: Int64(value), window: figure.window, thresholds: []))
            }
            if !found {
                issue(path, node: item, "needs at least one of rpm, tpm, rpd, tpd")
            }
        }
        return quotas
    }

    /// `runaway:` — loop detection into `settings`; the step limits it defines are returned as quotas.
    mutating func readRunaway(_ node: Node, into settings: inout RunawaySettings) -> [Quota] {
        let allowed: Set = ["loop_threshold", "loop_window", "loop_detection", "session_max_steps", "session_step_window", "agent_max_steps", "agent_step_window"]
        guard let fields = mapping(node, at: "runaway", allowed: allowed) else { return [] }
        if let threshold = fields["loop_threshold"].flatMap({ integer($0, at: "runaway.loop_threshold", in: 0...10_000) }) {
            settings.loopThreshold = threshold
        }
        if let window = fields["loop_window"].flatMap({ duration($0, at: "runaway.loop_window") }) {
            settings.loopWindow = window
        }
        if let coverageNode = fields["loop_detection"], let coverage = string(coverageNode, at: "runaway.loop_detection") {
            switch coverage {
            case "agents": settings.loopDetectionCoversAllCalls = false
            case "all": settings.loopDetectionCoversAllCalls = true
            default: issue("runaway.loop_detection", node: coverageNode, "`\(coverage)` is not one of agents, all")
            }
        }
        var quotas: [Quota] = []
        for kind in [QuotaScope.Kind.session, .agent] {
            guard let stepsNode = fields["\(kind.rawValue)_max_steps"],
                let steps = integer(stepsNode, at: "runaway.\(kind.rawValue)_max_steps", in: 1...1_000_000_000)
            else { continue }
            let defaultWindow: QuotaWindow = kind == .session ? .total : .day
            let window = readWindow(fields["\(kind.rawValue)_step_window"], at: "runaway.\(kind.rawValue)_step_window", allowed: QuotaWindow.allCases)
                ?? defaultWindow
            quotas.append(quota(.stepLimit, scope: QuotaScope(kind), metric: .requests, limit: Int64(steps), window: window, thresholds: []))
        }
        return quotas
    }

    /// The largest dollar budget the file accepts: $10,000,000.
    private static let maximumBudgetNanodollars: Int64 = 10_000_000 * 1_000_000_000
    /// The largest token or request figure the file accepts: 10¹³.
    private static let maximumTokens: Int64 = 10_000_000_000_000

    /// A scope: `global`, `KIND:ID` or `KIND:*`; `deployment:PROVIDER/MODEL` only where `allowsDeployment`.
    private mutating func readScope(_ node: Node?, item: Node, at path: String, allowsDeployment: Bool = false) -> QuotaScope? {
        let kinds = "tenant, key, agent, user, session" + (allowsDeployment ? ", deployment" : "")
        guard let node else {
            issue(path, node: item, "is required: `global`, or KIND:ID or KIND:* with KIND one of \(kinds)")
            return nil
        }
        guard let text = string(node, at: path) else { return nil }
        guard let scope = QuotaScope(parsing: text), allowsDeployment || scope.kind != .deployment else {
            issue(path, node: node, "`\(text)` is not a scope: use `global`, or KIND:ID or KIND:* with KIND one of \(kinds)")
            return nil
        }
        return scope
    }

    private mutating func readWindow(_ node: Node?, at path: String, allowed: [QuotaWindow]) -> QuotaWindow? {
        guard let node, let text = string(node, at: path) else { return nil }
        guard let window = QuotaWindow(rawValue: text), allowed.contains(window) else {
            issue(path, node: node, "`\(text)` is not a window: use one of \(allowed.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return window
    }

    private mutating func readThresholds(_ node: Node, at path: String) -> [Int] {
        guard case .sequence(let items) = node else {
            issue(path, node: node, "must be a list of percentages such as [75, 90, 95]")
            return []
        }
        let values = items.enumerated().compactMap { integer($1, at: "\(path)[\($0)]", in: 1...100) }
        guard Set(values).count == values.count else {
            issue(path, node: node, "lists a percentage twice")
            return []
        }
        return values.sorted()
    }

    /// A quota with an id derived from what it limits, so the same line keeps its counters across restarts and
    /// reorderings of the file (and a changed limit applies to the running window).
    private func quota(_ kind: Quota.Kind, scope: QuotaScope, metric: Quota.Metric, limit: Int64, window: QuotaWindow, thresholds: [Int]) -> Quota {
        let identity = "\(kind.rawValue)|\(scope)|\(metric.rawValue)|\(window.rawValue)"
        let digest = SHA256.hash(data: Array(identity.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
        return Quota(
            id: "config_\(digest)",
            kind: kind,
            scope: scope,
            metric: metric,
            limit: limit,
            window: window,
            alertThresholds: thresholds
        )
    }
}
