import SwitchyardCore

/// The providers, model aliases and routing rules the gateway serves.
public struct ModelCatalog: Sendable {
    /// Providers by name.
    public var providers: [String: ProviderSettings]
    /// Aliases in configuration order.
    public var aliases: [ModelAlias]
    /// Routing rules, in the order they are tried.
    public var rules: [RoutingRule]

    private var aliasesByName: [String: ModelAlias]

    /// A catalog of `providers`, `aliases` and `rules`.
    public init(providers: [ProviderSettings], aliases: [ModelAlias], rules: [RoutingRule] = []) {
        self.providers = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.aliases = aliases
        self.rules = rules
        self.aliasesByName = Dictionary(aliases.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The first rule that `request`, made by the caller in `context`, meets; `nil` when none does.
    public func firstMatchingRule(for request: ChatRequest, context: CallContext) -> RoutingRule? {
        guard !rules.isEmpty else { return nil }
        let inputTokens = request.estimatedInputTokens
        return rules.first { $0.matches(request, context: context, inputTokens: inputTokens) }
    }

    /// The alias for a client's `model`: a configured alias, or `provider/model` addressing one configured
    /// provider directly.
    ///
    /// - Throws: ``SwitchyardError`` `noProviderConfigured` when there is no provider at all, `modelNotFound`
    ///   (listing what exists) otherwise.
    public func resolve(_ model: String) throws -> ModelAlias {
        guard !providers.isEmpty else {
            throw SwitchyardError(
                code: .noProviderConfigured,
                message: "No model provider is configured. Set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY "
                    + "before starting Switchyard, or start it with --config FILE naming providers and models.",
                stage: .route
            )
        }
        if let alias = aliasesByName[model] {
            return alias
        }
        if let slash = model.firstIndex(of: "/"), let provider = providers[String(model[..<slash])] {
            let upstreamModel = String(model[model.index(after: slash)...])
            if !upstreamModel.isEmpty {
                let deployment = Deployment(provider: provider.name, kind: provider.kind, model: upstreamModel, endpoint: provider.endpoint)
                return ModelAlias(name: model, targets: [deployment])
            }
        }
        let known = aliases.prefix(20).map(\.name).joined(separator: ", ")
        let hint = known.isEmpty ? "" : " Known models: \(known)."
        throw SwitchyardError(
            code: .modelNotFound,
            message: "The model `\(model)` does not exist in this gateway's catalog.\(hint) "
                + "A configured provider can also be addressed directly as `provider/model`.",
            stage: .route,
            scope: "model:\(model)"
        )
    }

    /// The dearest price, kind by kind, of every deployment a call for `model` could be served by: the alias's
    /// own, those of its fallback aliases, and those of aliases a routing rule could send it to. `nil` when none
    /// of them has a price.
    public func worstCasePrice(for model: String) -> ModelPrice? {
        guard let alias = try? resolve(model) else { return nil }
        var names = [alias.name]
        names += [alias.fallbacks.contextWindow, alias.fallbacks.contentPolicy].compactMap { $0 }
        names += rules.compactMap(\.alias)
        var prices: [ModelPrice] = alias.deployments.compactMap { $0.price ?? alias.price }
        for name in Set(names) where name != alias.name {
            guard let other = aliasesByName[name] else { continue }
            prices += other.deployments.compactMap { $0.price ?? other.price }
        }
        guard let first = prices.first else { return nil }
        return prices.dropFirst().reduce(first) { $0.maximum($1) }
    }

    /// The aliases `principal` may use, cheapest first (unpriced last, then by name).
    public func aliases(usableBy principal: Principal) -> [ModelAlias] {
        aliases.filter { principal.mayUse(model: $0.name) }.sorted { lhs, rhs in
            switch (lhs.price?.blendedPerMillion, rhs.price?.blendedPerMillion) {
            case (let left?, let right?) where left != right: return left < right
            case (.some, nil): return true
            case (nil, .some): return false
            default: return lhs.name < rhs.name
            }
        }
    }
}
