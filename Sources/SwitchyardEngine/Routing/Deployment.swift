import SwitchyardCore

/// One place a model alias can be served: a configured provider and the model name it knows.
public struct Deployment: Sendable, Hashable {
    /// The provider's name in the configuration, such as `openai` or `local`.
    public var provider: String
    public var kind: ProviderKind
    /// The model name sent upstream.
    public var model: String
    public var endpoint: UpstreamEndpoint
    /// This deployment's price, overriding the alias's.
    public var price: ModelPrice?

    public init(provider: String, kind: ProviderKind, model: String, endpoint: UpstreamEndpoint, price: ModelPrice? = nil) {
        self.provider = provider
        self.kind = kind
        self.model = model
        self.endpoint = endpoint
        self.price = price
    }
}
