import SwitchyardCore

/// A key just created or rotated: the stored record, its secret — returned this once and kept nowhere — and the
/// quotas scoped to it.
public struct IssuedKey: Sendable {
    /// The key as stored (with the hash of ``secret``, never the secret).
    public var key: VirtualKey
    /// The secret to hand to the caller.
    public var secret: String
    /// The key's budgets and rate limits (`key:<id>` scope).
    public var quotas: [Quota]

    /// Creates the result of issuing or rotating a key.
    public init(key: VirtualKey, secret: String, quotas: [Quota]) {
        self.key = key
        self.secret = secret
        self.quotas = quotas
    }
}
