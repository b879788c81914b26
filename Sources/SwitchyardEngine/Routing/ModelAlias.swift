import SwitchyardCore

/// A model name clients use, resolved to ordered tiers of deployments and the rules for using them.
public struct ModelAlias: Sendable, Hashable {
    /// What clients put in `model`.
    public var name: String
    /// Tried in order: the first tier serves, later tiers take over when every deployment of the earlier ones
    /// failed. Within a tier, ``strategy`` chooses.
    public var tiers: [[Deployment]]
    /// How a deployment is chosen within a tier.
    public var strategy: BalancingStrategy
    /// The alias's price, used for deployments without their own.
    public var price: ModelPrice?
    /// Timeouts for deployments that set none of their own.
    public var timeouts: RouteTimeouts
    /// How failed calls are retried.
    public var retry: RetryPolicy
    /// Where to send a call this alias cannot serve for a reason another alias might not share.
    public var fallbacks: Fallbacks

    /// An alias whose targets are tried one after another, each its own tier.
    public init(name: String, targets: [Deployment], price: ModelPrice? = nil) {
        self.init(name: name, tiers: targets.map { [$0] }, price: price)
    }

    /// An alias with every setting given.
    public init(
        name: String,
        tiers: [[Deployment]],
        strategy: BalancingStrategy = .weightedRandom,
        price: ModelPrice? = nil,
        timeouts: RouteTimeouts = RouteTimeouts(),
        retry: RetryPolicy = RetryPolicy(),
        fallbacks: Fallbacks = Fallbacks()
    ) {
        self.name = name
        self.tiers = tiers
        self.strategy = strategy
        self.price = price
        self.timeouts = timeouts
        self.retry = retry
        self.fallbacks = fallbacks
    }

    /// Every deployment, tier by tier.
    public var deployments: [Deployment] {
        tiers.flatMap { $0 }
    }
}

/// How a call whose every deployment failed with a retryable error is tried again.
public struct RetryPolicy: Sendable, Hashable {
    /// Further rounds over the alias's deployments after the first. Default 2.
    public var maximumRetries: Int
    /// The wait before each further round: exponential with full jitter, or the upstream's `Retry-After`.
    public var backoff: Backoff

    /// A policy of `maximumRetries` further rounds with `backoff` between them.
    public init(maximumRetries: Int = 2, backoff: Backoff = Backoff()) {
        self.maximumRetries = maximumRetries
        self.backoff = backoff
    }
}

/// Aliases that take over a call for reasons specific to this alias's models.
public struct Fallbacks: Sendable, Hashable {
    /// Serves calls whose prompt is too long for this alias's models (a larger-context alias).
    public var contextWindow: String?
    /// Serves calls this alias's models refused on content-policy grounds.
    public var contentPolicy: String?

    /// Fallbacks to the given aliases.
    public init(contextWindow: String? = nil, contentPolicy: String? = nil) {
        self.contextWindow = contextWindow
        self.contentPolicy = contentPolicy
    }
}
