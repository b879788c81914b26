import Foundation
import Synchronization
import SwitchyardCore

/// Turns the secret a request presents into a ``Principal``, or refuses it.
///
/// Valid keys are cached by hash for ``cacheLifetime`` so the hot path does not touch the store; a revocation
/// therefore takes effect within that lifetime. While no key was ever issued and open access is allowed (the server
/// binds to loopback only), every request is served as ``Principal/anonymous``; once a key exists — even a revoked
/// or expired one — a valid key is always required, so revoking the last key never reopens the gateway. The admin
/// API calls ``invalidate(keyID:)`` after changing a key, so on the replica that made the change it counts at once.
public final class KeyAuthenticator: Sendable {
    /// How long a looked-up key (or the count of active keys) is trusted before the store is asked again.
    public let cacheLifetime: Duration

    private let store: any KeyStore
    private let allowsOpenAccess: Bool
    private let cache = Mutex(Cache())
    private let clock = ContinuousClock()

    private struct Cache {
        var keys: [String: (key: VirtualKey, fetched: ContinuousClock.Instant)] = [:]
        var keyCount: (count: Int, fetched: ContinuousClock.Instant)?
    }

    /// - Parameters:
    ///   - allowsOpenAccess: serve requests without a key while no key was ever issued.
    public init(store: any KeyStore, allowsOpenAccess: Bool, cacheLifetime: Duration = .seconds(5)) {
        self.store = store
        self.allowsOpenAccess = allowsOpenAccess
        self.cacheLifetime = cacheLifetime
    }

    /// Authenticates a presented secret (`nil` when the request carried none).
    ///
    /// - Throws: ``SwitchyardError`` `authenticationFailed` for a missing, unknown, revoked or expired key.
    public func authenticate(secret: String?, now: Date = Date()) async throws -> Principal {
        if allowsOpenAccess, try await issuedKeyCount() == 0 {
            return .anonymous
        }
        guard let secret, !secret.isEmpty else {
            throw Self.refusal("No API key was sent. Send `Authorization: Bearer KEY` or `x-api-key: KEY`.")
        }
        let hash = KeySecret.hash(secret)
        guard let key = try await key(hash: hash) else {
            throw Self.refusal("The API key is not valid.")
        }
        if let revoked = key.revokedAt {
            throw Self.refusal("The API key `\(key.name)` was revoked at \(Self.format(revoked)).")
        }
        if let expiry = key.expiresAt, expiry <= now {
            throw Self.refusal("The API key `\(key.name)` expired at \(Self.format(expiry)).")
        }
        return Principal(keyID: key.id, keyName: key.name, tenant: key.tenant, agent: key.metadata["agent"], allowedModels: key.allowedModels)
    }

    /// Drops what the cache holds about a key, and the cached key count, so that a rotation, revocation or new
    /// key made through this process takes effect on its next request rather than after ``cacheLifetime``.
    public func invalidate(keyID: String) {
        cache.withLock { cache in
            cache.keys = cache.keys.filter { $0.value.key.id != keyID }
            cache.keyCount = nil
        }
    }

    private func key(hash: String) async throws -> VirtualKey? {
        let now = clock.now
        if let cached = cache.withLock({ $0.keys[hash] }), now - cached.fetched < cacheLifetime {
            return cached.key
        }
        let key = try await store.key(secretHash: hash)
        if let key {
            cache.withLock { $0.keys[hash] = (key, now) }
        }
        return key
    }

    private func issuedKeyCount() async throws -> Int {
        let now = clock.now
        if let cached = cache.withLock({ $0.keyCount }), now - cached.fetched < cacheLifetime {
            return cached.count
        }
        let count = try await store.keyCount()
        cache.withLock { $0.keyCount = (count, now) }
        return count
    }

    private static func refusal(_ message: String) -> SwitchyardError {
        SwitchyardError(code: .authenticationFailed, message: message, stage: .authentication)
    }

    private static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
