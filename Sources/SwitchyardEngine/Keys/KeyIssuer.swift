import Foundation
import SwitchyardCore

/// Creates and rotates virtual keys: makes the secret, stores only its hash, returns the secret once, and creates
/// the key's budgets and rate limits with it.
///
/// The admin API and the CLI both issue keys through this type, so a key made either way is checked and stored
/// the same way.
public struct KeyIssuer: Sendable {
    private let store: any KeyStore
    private let quotaStore: (any QuotaStore)?

    /// - Parameters:
    ///   - store: where keys live.
    ///   - quotas: where a key's budgets and rate limits go; `nil` when the store keeps none, in which case a
    ///     request with ``KeyLimits`` is refused.
    public init(store: any KeyStore, quotas: (any QuotaStore)? = nil) {
        self.store = store
        self.quotaStore = quotas
    }

    /// What a new key should look like.
    public struct Request: Sendable {
        /// A name unique among keys that are not revoked.
        public var name: String
        /// The team the key belongs to.
        public var tenant: String?
        /// Model aliases the key may call; empty for all.
        public var allowedModels: [String]
        /// When the key stops working; `nil` for never.
        public var expiresAt: Date?
        /// Free-form labels stored with the key.
        public var metadata: [String: String]
        /// Budgets and rate limits to create with the key.
        public var limits: KeyLimits

        /// Creates a request.
        public init(
            name: String,
            tenant: String? = nil,
            allowedModels: [String] = [],
            expiresAt: Date? = nil,
            metadata: [String: String] = [:],
            limits: KeyLimits = KeyLimits()
        ) {
            self.name = name
            self.tenant = tenant
            self.allowedModels = allowedModels
            self.expiresAt = expiresAt
            self.metadata = metadata
            self.limits = limits
        }
    }

    /// Creates and stores a key and its quotas.
    ///
    /// Every quota is validated before anything is stored, so a bad limit creates nothing. Should the store fail
    /// part way, the quotas already stored are deleted and the key is revoked before the error is rethrown.
    ///
    /// - Returns: the stored key, its secret and its quotas. The secret is not kept anywhere; show it once.
    /// - Throws: ``SwitchyardError`` `invalidRequest` for an empty name, a past expiry, a name in use, a limit
    ///   that breaks ``Quota/validate()``, or limits on a store that keeps no quotas.
    public func issue(_ request: Request, now: Date = Date()) async throws -> IssuedKey {
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            throw SwitchyardError.invalidRequest("A key needs a non-empty name.")
        }
        if let expiry = request.expiresAt, expiry <= now {
            throw SwitchyardError.invalidRequest("The expiry date \(expiry.formatted(.iso8601)) is already in the past.")
        }
        let id = KeySecret.generateID()
        let quotas = try request.limits.quotas(forKey: id, makeID: KeySecret.generateQuotaID)
        if !quotas.isEmpty, quotaStore == nil {
            throw SwitchyardError.invalidRequest("The configured store keeps no quotas, so a key cannot be created with budgets or rate limits.")
        }
        let secret = KeySecret.generate()
        let key = VirtualKey(
            id: id,
            name: name,
            tenant: request.tenant,
            secretHash: KeySecret.hash(secret),
            secretPrefix: KeySecret.displayPrefix(of: secret),
            allowedModels: request.allowedModels,
            metadata: request.metadata,
            createdAt: now,
            expiresAt: request.expiresAt
        )
        try await store.insert(key)
        if let quotaStore {
            try await insert(quotas, into: quotaStore, undoingKey: id, now: now)
        }
        return IssuedKey(key: key, secret: secret, quotas: quotas)
    }

    /// Gives a key a new secret. The old secret stops working at once on this store (within an authenticator's
    /// cache lifetime elsewhere); the id, and with it every quota and ledger entry of the key, stays.
    ///
    /// - Returns: the key with its new prefix, the new secret (show it once) and the key's quotas.
    /// - Throws: ``SwitchyardError`` `notFound` for an unknown id, `invalidRequest` for a revoked key.
    public func rotate(id: String) async throws -> IssuedKey {
        guard var key = try await store.key(id: id) else {
            throw SwitchyardError(code: .notFound, message: "No key has the id `\(id)`.", stage: .edge)
        }
        let secret = KeySecret.generate()
        key.secretHash = KeySecret.hash(secret)
        key.secretPrefix = KeySecret.displayPrefix(of: secret)
        let replaced = key.revokedAt == nil
            ? try await store.replaceSecret(id: id, secretHash: key.secretHash, secretPrefix: key.secretPrefix)
            : false
        guard replaced else {
            let revokedAt = try await store.key(id: id)?.revokedAt
            let when = revokedAt.map { " at \($0.formatted(.iso8601))" } ?? ""
            throw SwitchyardError.invalidRequest("The key `\(id)` was revoked\(when) and cannot be rotated; create a new key instead.")
        }
        let quotas = try await quotaStore?.quotas(ofKey: id) ?? []
        return IssuedKey(key: key, secret: secret, quotas: quotas)
    }

    private func insert(_ quotas: [Quota], into quotaStore: any QuotaStore, undoingKey id: String, now: Date) async throws {
        var inserted: [String] = []
        do {
            for quota in quotas {
                try await quotaStore.insertQuota(quota)
                inserted.append(quota.id)
            }
        } catch {
            // Best effort: the original failure is what the caller needs to see.
            for quotaID in inserted {
                _ = try? await quotaStore.deleteQuota(id: quotaID)
            }
            _ = try? await store.revoke(id: id, at: now)
            throw error
        }
    }
}
