import Foundation
import SwitchyardCore

/// A key as the admin API shows it: never the secret's hash, and the secret itself only right after it was made.
struct AdminKeyView: Encodable {
    let key: VirtualKey
    /// The key's quotas; `nil` leaves the field out (listings).
    let quotas: [Quota]?
    /// The secret, only in the answer to a create or rotate.
    let secret: String?
    let now: Date

    private enum CodingKeys: String, CodingKey {
        case id, name, tenant, prefix, models, metadata, state, quotas, secret
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
    }

    /// `active`, `expired` or `revoked`.
    var state: String {
        if key.revokedAt != nil { return "revoked" }
        if let expiry = key.expiresAt, expiry <= now { return "expired" }
        return "active"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key.id, forKey: .id)
        try container.encode(key.name, forKey: .name)
        try container.encode(key.tenant, forKey: .tenant)
        try container.encode(key.secretPrefix, forKey: .prefix)
        try container.encode(key.allowedModels, forKey: .models)
        try container.encode(key.metadata, forKey: .metadata)
        try container.encode(key.createdAt.formatted(.iso8601), forKey: .createdAt)
        try container.encode(key.expiresAt?.formatted(.iso8601), forKey: .expiresAt)
        try container.encode(key.revokedAt?.formatted(.iso8601), forKey: .revokedAt)
        try container.encode(state, forKey: .state)
        if let quotas {
            try container.encode(quotas.map(AdminQuotaView.init), forKey: .quotas)
        }
        try container.encodeIfPresent(secret, forKey: .secret)
    }
}
