import Foundation

/// A credential Switchyard issues to a caller. Only the secret's hash is ever stored.
public struct VirtualKey: Sendable, Hashable {
    /// A stable public identifier, such as `key_3f9a…`, used by the admin API and in logs.
    public var id: String
    /// A human name, unique among keys that are not revoked.
    public var name: String
    /// The team the key belongs to, when any.
    public var tenant: String?
    /// Lowercase hex SHA-256 of the secret.
    public var secretHash: String
    /// The first characters of the secret (`sy-…`), for recognising a key without revealing it.
    public var secretPrefix: String
    /// Model aliases the key may call; empty means every alias.
    public var allowedModels: [String]
    /// Free-form string labels stored with the key.
    public var metadata: [String: String]
    /// When the key was issued.
    public var createdAt: Date
    /// When the key stops working; `nil` when it never expires.
    public var expiresAt: Date?
    /// When the key was revoked; `nil` while it is not.
    public var revokedAt: Date?

    /// Creates a key record; `secretHash` must be the hash, never the secret.
    public init(
        id: String,
        name: String,
        tenant: String? = nil,
        secretHash: String,
        secretPrefix: String,
        allowedModels: [String] = [],
        metadata: [String: String] = [:],
        createdAt: Date,
        expiresAt: Date? = nil,
        revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.tenant = tenant
        self.secretHash = secretHash
        self.secretPrefix = secretPrefix
        self.allowedModels = allowedModels
        self.metadata = metadata
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}
