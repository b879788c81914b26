import SwitchyardCore
import SwitchyardEngine
import Yams

extension ConfigurationReader {
    /// `routing: { rules: [...] }` — rules tried in order before an alias is resolved.
    mutating func readRouting(_ node: Node, aliases: [ModelAlias], providers: [ProviderSettings]) -> [RoutingRule] {
        guard let fields = mapping(node, at: "routing", allowed: ["rules"]) else { return [] }
        guard let rulesNode = fields["rules"] else { return [] }
        guard case .sequence(let items) = rulesNode else {
            issue("routing.rules", node: rulesNode, "must be a list of rules")
            return []
        }
        let aliasNames = Set(aliases.map(\.name))
        let providerNames = Set(providers.map(\.name))
        var rules: [RoutingRule] = []
        for (index, item) in items.enumerated() {
            let path = "routing.rules[\(index)]"
            guard let rule = mapping(item, at: path, allowed: ["name", "when", "use", "providers"]) else { continue }
            let name = rule["name"].flatMap { string($0, at: "\(path).name") } ?? "rule \(index)"
            let conditions = rule["when"].map { readConditions($0, at: "\(path).when") } ?? RoutingRule.Conditions()
            let alias = rule["use"].flatMap { string($0, at: "\(path).use") }
            if let alias, !aliasNames.contains(alias) {
                issue("\(path).use", node: rule["use"], "`\(alias)` is not a configured model")
            }
            let allowedProviders = rule["providers"].map { stringList($0, at: "\(path).providers") } ?? []
            for provider in allowedProviders where !providerNames.contains(provider) {
                issue("\(path).providers", node: rule["providers"], "`\(provider)` is not a configured provider")
            }
            if alias == nil && allowedProviders.isEmpty {
                issue(path, node: item, "needs `use` (a model) or `providers` (a list), or both")
            }
            rules.append(RoutingRule(name: name, conditions: conditions, alias: alias, providers: allowedProviders))
        }
        return rules
    }

    private mutating func readConditions(_ node: Node, at path: String) -> RoutingRule.Conditions {
        let allowed: Set = ["model", "key", "tenant", "metadata", "header", "min_input_tokens", "max_input_tokens"]
        guard let fields = mapping(node, at: path, allowed: allowed) else { return RoutingRule.Conditions() }
        var conditions = RoutingRule.Conditions()
        if let models = fields["model"] { conditions.models = stringList(models, at: "\(path).model") }
        if let keys = fields["key"] { conditions.keys = stringList(keys, at: "\(path).key") }
        if let tenants = fields["tenant"] { conditions.tenants = stringList(tenants, at: "\(path).tenant") }
        if let metadata = fields["metadata"] { conditions.metadata = stringMap(metadata, at: "\(path).metadata") }
        if let headers = fields["header"] {
            conditions.headers = Dictionary(
                stringMap(headers, at: "\(path).header").map { ($0.key.lowercased(), $0.value) },
                uniquingKeysWith: { _, last in last }
            )
        }
        conditions.minimumInputTokens = fields["min_input_tokens"].flatMap { integer($0, at: "\(path).min_input_tokens", in: 0...100_000_000) }
        conditions.maximumInputTokens = fields["max_input_tokens"].flatMap { integer($0, at: "\(path).max_input_tokens", in: 0...100_000_000) }
        return conditions
    }

    /// `resilience: { breaker: {...}, retry_budget: {...} }` — settings of every deployment's state machines.
    mutating func readResilience(_ node: Node, into settings: inout DeploymentHealth.Settings) {
        guard let fields = mapping(node, at: "resilience", allowed: ["breaker", "retry_budget"]) else { return }
        if let breaker = fields["breaker"] {
            let path = "resilience.breaker"
            let allowed: Set = ["consecutive_failures", "failure_rate", "minimum_requests", "window", "cooldown", "max_cooldown", "half_open_probes"]
            if let values = mapping(breaker, at: path, allowed: allowed) {
                if let count = values["consecutive_failures"].flatMap({ integer($0, at: "\(path).consecutive_failures", in: 1...10_000) }) {
                    settings.breaker.consecutiveFailures = count
                }
                if let rateNode = values["failure_rate"], let text = string(rateNode, at: "\(path).failure_rate") {
                    if let rate = Double(text), rate > 0, rate <= 1 {
                        settings.breaker.failureRateThreshold = rate
                    } else {
                        issue("\(path).failure_rate", node: rateNode, "`\(text)` is not a fraction in (0, 1]")
                    }
                }
                if let count = values["minimum_requests"].flatMap({ integer($0, at: "\(path).minimum_requests", in: 1...1_000_000) }) {
                    settings.breaker.minimumRequests = count
                }
                if let window = values["window"].flatMap({ duration($0, at: "\(path).window") }) { settings.breaker.window = window }
                if let cooldown = values["cooldown"].flatMap({ duration($0, at: "\(path).cooldown") }) { settings.breaker.cooldown = cooldown }
                if let maximum = values["max_cooldown"].flatMap({ duration($0, at: "\(path).max_cooldown") }) {
                    settings.breaker.maximumCooldown = maximum
                }
                if let probes = values["half_open_probes"].flatMap({ integer($0, at: "\(path).half_open_probes", in: 1...1_000) }) {
                    settings.breaker.halfOpenProbes = probes
                }
            }
        }
        if let budget = fields["retry_budget"] {
            let path = "resilience.retry_budget"
            if let values = mapping(budget, at: path, allowed: ["ratio", "window"]) {
                if let ratioNode = values["ratio"], let text = string(ratioNode, at: "\(path).ratio") {
                    if let ratio = Double(text), ratio >= 0, ratio <= 10 {
                        settings.retryBudget.ratio = ratio
                    } else {
                        issue("\(path).ratio", node: ratioNode, "`\(text)` is not a ratio in [0, 10]")
                    }
                }
                if let window = values["window"].flatMap({ duration($0, at: "\(path).window") }) { settings.retryBudget.window = window }
            }
        }
    }
}
