import SwitchyardCore

/// A configured upstream provider: its wire protocol and how to reach it.
public struct ProviderSettings: Sendable, Hashable {
    /// The provider's name in the configuration; the `provider` in `provider/model` addressing.
    public var name: String
    public var kind: ProviderKind
    public var endpoint: UpstreamEndpoint

    public init(name: String, kind: ProviderKind, endpoint: UpstreamEndpoint) {
        self.name = name
        self.kind = kind
        self.endpoint = endpoint
    }
}
