import SwitchyardCore

/// One place a model alias can be served: a configured provider, the model name it knows, and how to treat it.
public struct Deployment: Sendable, Hashable {
    /// The provider's name in the configuration, such as `openai` or `local`.
    public var provider: String
    /// The wire protocol the provider speaks.
    public var kind: ProviderKind
    /// The model name sent upstream.
    public var model: String
    /// Where and how to reach the provider.
    public var endpoint: UpstreamEndpoint
    /// This deployment's price, overriding the alias's.
    public var price: ModelPrice?
    /// Its share of traffic within its tier under weighted balancing. Default 1; 0 means only when nothing else is
    /// left.
    public var weight: Int
    /// Timeouts for this deployment, each overriding the alias's.
    public var timeouts: RouteTimeouts
    /// How many calls may run on it at once, and how many may wait; `nil` for no limit.
    public var concurrency: ConcurrencyLimit?

    /// A deployment with weight 1, no timeouts of its own and no concurrency limit.
    public init(
        provider: String,
        kind: ProviderKind,
        model: String,
        endpoint: UpstreamEndpoint,
        price: ModelPrice? = nil,
        weight: Int = 1,
        timeouts: RouteTimeouts = RouteTimeouts(),
        concurrency: ConcurrencyLimit? = nil
    ) {
        self.provider = provider
        self.kind = kind
        self.model = model
        self.endpoint = endpoint
        self.price = price
        self.weight = weight
        self.timeouts = timeouts
        self.concurrency = concurrency
    }

    /// `provider/model`: how the deployment is named in health reports, attempts and error scopes.
    public var id: String {
        "\(provider)/\(model)"
    }
}

/// A cap on concurrent calls to one deployment, with a bounded wait queue behind it.
public struct ConcurrencyLimit: Sendable, Hashable {
    /// Calls that may run at once.
    public var maximumConcurrent: Int
    /// Calls that may wait for a slot; past that, calls fail fast.
    public var maximumQueued: Int
    /// The longest a call waits for a slot.
    public var queueTimeout: Duration

    /// A limit of `maximumConcurrent` running and `maximumQueued` waiting, each for at most `queueTimeout`.
    public init(maximumConcurrent: Int, maximumQueued: Int = 0, queueTimeout: Duration = .seconds(10)) {
        self.maximumConcurrent = maximumConcurrent
        self.maximumQueued = maximumQueued
        self.queueTimeout = queueTimeout
    }
}
