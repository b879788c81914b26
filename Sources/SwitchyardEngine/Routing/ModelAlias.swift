import SwitchyardCore

/// A model name clients use, resolved to an ordered fallback chain of deployments.
public struct ModelAlias: Sendable, Hashable {
    /// What clients put in `model`.
    public var name: String
    /// Tried in order: the first serves, the rest take over when it fails with a retryable error.
    public var targets: [Deployment]
    /// The alias's price, used for targets without their own.
    public var price: ModelPrice?

    public init(name: String, targets: [Deployment], price: ModelPrice? = nil) {
        self.name = name
        self.targets = targets
        self.price = price
    }

}
