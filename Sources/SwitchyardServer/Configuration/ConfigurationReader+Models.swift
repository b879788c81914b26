import SwitchyardCore
import SwitchyardEngine
import Yams

extension ConfigurationReader {
    /// `models:` — aliases with their tiers of deployments, strategy, timeouts, retries, fallbacks and price.
    mutating func readModels(_ node: Node, providers: [ProviderSettings]) -> [ModelAlias] {
        guard case .sequence(let items) = node else {
            issue("models", node: node, "must be a list of models")
            return []
        }
        let providersByName = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var aliases: [ModelAlias] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let path = "models[\(index)]"
            let allowed: Set = ["name", "targets", "tiers", "strategy", "price", "timeouts", "retries", "backoff", "fallbacks"]
            guard let fields = mapping(item, at: path, allowed: allowed) else { continue }
            guard let nameNode = fields["name"], let name = string(nameNode, at: "\(path).name"), !name.isEmpty else {
                issue("\(path).name", node: item, "is required")
                continue
            }
            guard seen.insert(name).inserted else {
                issue("\(path).name", node: nameNode, "`\(name)` is defined twice")
                continue
            }
            let price = fields["price"].flatMap { readPrice($0, at: "\(path).price") }
            guard let tiers = readTiers(fields, item: item, at: path, providers: providersByName) else { continue }
            var alias = ModelAlias(name: name, tiers: tiers)
            alias.price = price
            if let strategyNode = fields["strategy"], let text = string(strategyNode, at: "\(path).strategy") {
                if let strategy = BalancingStrategy(rawValue: text) {
                    alias.strategy = strategy
                } else {
                    let known = BalancingStrategy.allCases.map(\.rawValue).joined(separator: ", ")
                    issue("\(path).strategy", node: strategyNode, "`\(text)` is not a strategy: use one of \(known)")
                }
            }
            if let timeouts = fields["timeouts"] { alias.timeouts = readTimeouts(timeouts, at: "\(path).timeouts") }
            if let retries = fields["retries"].flatMap({ integer($0, at: "\(path).retries", in: 0...10) }) {
                alias.retry.maximumRetries = retries
            }
            if let backoff = fields["backoff"] { alias.retry.backoff = readBackoff(backoff, at: "\(path).backoff") }
            if let fallbacks = fields["fallbacks"] { alias.fallbacks = readFallbacks(fallbacks, at: "\(path).fallbacks") }
            aliases.append(alias)
        }
        return aliases
    }

    /// Every alias's fallbacks name an alias that exists.
    mutating func validateFallbacks(_ aliases: [ModelAlias], node: Node?) {
        let names = Set(aliases.map(\.name))
        for (index, alias) in aliases.enumerated() {
            for (key, target) in [("context_window", alias.fallbacks.contextWindow), ("content_policy", alias.fallbacks.contentPolicy)] {
                if let target, !names.contains(target) {
                    issue("models[\(index)].fallbacks.\(key)", node: node, "`\(target)` is not a configured model")
                }
            }
        }
    }

    /// `targets:` (each its own tier) or `tiers:` (a list of lists of targets).
    private mutating func readTiers(
        _ fields: [String: Node],
        item: Node,
        at path: String,
        providers: [String: ProviderSettings]
    ) -> [[Deployment]]? {
        switch (fields["targets"], fields["tiers"]) {
        case (let targets?, nil):
            guard case .sequence(let nodes) = targets, !nodes.isEmpty else {
                issue("\(path).targets", node: targets, "must be a non-empty list of {provider, model}")
                return nil
            }
            let deployments = nodes.enumerated().compactMap { readTarget($1, at: "\(path).targets[\($0)]", providers: providers) }
            return deployments.count == nodes.count ? deployments.map { [$0] } : nil
        case (nil, let tiersNode?):
            guard case .sequence(let tierNodes) = tiersNode, !tierNodes.isEmpty else {
                issue("\(path).tiers", node: tiersNode, "must be a non-empty list of tiers, each a list of {provider, model}")
                return nil
            }
            var tiers: [[Deployment]] = []
            for (tierIndex, tierNode) in tierNodes.enumerated() {
                guard case .sequence(let nodes) = tierNode, !nodes.isEmpty else {
                    issue("\(path).tiers[\(tierIndex)]", node: tierNode, "must be a non-empty list of {provider, model}")
                    return nil
                }
                let deployments = nodes.enumerated().compactMap {
                    readTarget($1, at: "\(path).tiers[\(tierIndex)][\($0)]", providers: providers)
                }
                guard deployments.count == nodes.count else { return nil }
                tiers.append(deployments)
            }
            return tiers
        case (_?, _?):
            issue("\(path).tiers", node: item, "give `targets` or `tiers`, not both")
            return nil
        case (nil, nil):
            issue("\(path).targets", node: item, "is required: a list of {provider, model} (or `tiers`, a list of such lists)")
            return nil
        }
    }

    private mutating func readTarget(_ node: Node, at path: String, providers: [String: ProviderSettings]) -> Deployment? {
        let allowed: Set = ["provider", "model", "price", "weight", "rpm", "tpm", "timeouts", "max_concurrent", "max_queued", "queue_timeout"]
        guard let target = mapping(node, at: path, allowed: allowed) else { return nil }
        guard let providerNode = target["provider"], let providerName = string(providerNode, at: "\(path).provider") else {
            issue("\(path).provider", node: node, "is required")
            return nil
        }
        guard let provider = providers[providerName] else {
            let known = providers.keys.sorted().joined(separator: ", ")
            issue("\(path).provider", node: providerNode, "`\(providerName)` is not a configured provider (configured: \(known.isEmpty ? "none" : known))")
            return nil
        }
        guard let modelNode = target["model"], let model = string(modelNode, at: "\(path).model"), !model.isEmpty else {
            issue("\(path).model", node: node, "is required")
            return nil
        }
        var deployment = Deployment(provider: provider.name, kind: provider.kind, model: model, endpoint: provider.endpoint)
        deployment.price = target["price"].flatMap { readPrice($0, at: "\(path).price") }
        // Capacity hints: without an explicit weight, traffic follows the declared requests (or tokens) per minute.
        let rpm = target["rpm"].flatMap { integer($0, at: "\(path).rpm", in: 1...100_000_000) }
        let tpm = target["tpm"].flatMap { integer($0, at: "\(path).tpm", in: 1_000...1_000_000_000) }
        if let weight = target["weight"].flatMap({ integer($0, at: "\(path).weight", in: 0...1_000_000) }) {
            deployment.weight = weight
        } else if let rpm {
            deployment.weight = rpm
        } else if let tpm {
            deployment.weight = tpm / 1_000
        }
        if let timeouts = target["timeouts"] { deployment.timeouts = readTimeouts(timeouts, at: "\(path).timeouts") }
        if let maximum = target["max_concurrent"].flatMap({ integer($0, at: "\(path).max_concurrent", in: 1...100_000) }) {
            var limit = ConcurrencyLimit(maximumConcurrent: maximum)
            if let queued = target["max_queued"].flatMap({ integer($0, at: "\(path).max_queued", in: 0...1_000_000) }) {
                limit.maximumQueued = queued
            }
            if let timeout = target["queue_timeout"].flatMap({ duration($0, at: "\(path).queue_timeout") }) {
                limit.queueTimeout = timeout
            }
            deployment.concurrency = limit
        } else if let stray = target["max_queued"] ?? target["queue_timeout"] {
            issue("\(path).max_concurrent", node: stray, "is required when max_queued or queue_timeout is given")
        }
        return deployment
    }

    private mutating func readTimeouts(_ node: Node, at path: String) -> RouteTimeouts {
        guard let fields = mapping(node, at: path, allowed: ["connect", "first_token", "idle", "total"]) else { return RouteTimeouts() }
        return RouteTimeouts(
            connect: fields["connect"].flatMap { duration($0, at: "\(path).connect") },
            firstToken: fields["first_token"].flatMap { duration($0, at: "\(path).first_token") },
            idle: fields["idle"].flatMap { duration($0, at: "\(path).idle") },
            total: fields["total"].flatMap { duration($0, at: "\(path).total") }
        )
    }

    private mutating func readBackoff(_ node: Node, at path: String) -> Backoff {
        var backoff = Backoff()
        guard let fields = mapping(node, at: path, allowed: ["base", "max"]) else { return backoff }
        if let base = fields["base"].flatMap({ duration($0, at: "\(path).base") }) { backoff.base = base }
        if let maximum = fields["max"].flatMap({ duration($0, at: "\(path).max") }) { backoff.maximum = maximum }
        return backoff
    }

    private mutating func readFallbacks(_ node: Node, at path: String) -> Fallbacks {
        guard let fields = mapping(node, at: path, allowed: ["context_window", "content_policy"]) else { return Fallbacks() }
        return Fallbacks(
            contextWindow: fields["context_window"].flatMap { string($0, at: "\(path).context_window") },
            contentPolicy: fields["content_policy"].flatMap { string($0, at: "\(path).content_policy") }
        )
    }

    /// A price block: USD per million tokens of each kind, parsed exactly from the text.
    mutating func readPrice(_ node: Node, at path: String) -> ModelPrice? {
        let kinds = ["input", "output", "cache_read", "cache_write", "cache_write_1h", "reasoning"]
        guard let fields = mapping(node, at: path, allowed: Set(kinds)) else { return nil }
        var amounts: [String: Money] = [:]
        for kind in kinds {
            guard let valueNode = fields[kind], let text = string(valueNode, at: "\(path).\(kind)") else { continue }
            guard let amount = Money(decimalDollars: text) else {
                issue("\(path).\(kind)", node: valueNode, "`\(text)` is not a non-negative USD amount per million tokens (at most 9 decimals)")
                continue
            }
            amounts[kind] = amount
        }
        guard let input = amounts["input"], let output = amounts["output"] else {
            issue(path, node: node, "needs at least `input` and `output` (USD per million tokens)")
            return nil
        }
        return ModelPrice(
            input: input,
            output: output,
            cacheRead: amounts["cache_read"],
            cacheWrite: amounts["cache_write"],
            cacheWrite1h: amounts["cache_write_1h"],
            reasoning: amounts["reasoning"]
        )
    }
}
