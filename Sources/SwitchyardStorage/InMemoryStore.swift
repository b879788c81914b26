import Foundation
import Synchronization
import SwitchyardCore

/// A ``SwitchyardStore`` that keeps keys, quotas, the ledger and the request log in memory, for tests and for runs that need no persistence.
///
/// It follows the same rules as ``SQLiteStore`` (it passes the same conformance suite): ids, secret hashes and the
/// names of keys that are not revoked are unique, and dates are kept to the millisecond, so a test that runs against
/// it behaves as it would against a database. Lookups by secret hash are constant time.
///
/// ```swift
/// let store = InMemoryStore()
/// try await store.insert(key)
/// let found = try await store.key(secretHash: key.secretHash)
/// ```
public final class InMemoryStore: KeyStore, StoreHealthCheck {
    private struct State {
        /// Every key, by id.
        var keysByID: [String: VirtualKey] = [:]
        /// The id of the key with each secret hash.
        var idsBySecretHash: [String: String] = [:]
        /// The id of the key that is not revoked with each name.
        var activeIDsByName: [String: String] = [:]
    }

    private let state = Mutex(State())
    /// Quotas, counters and claimed alerts (see `InMemoryStore+QuotaStore.swift`).
    let quotaState = Mutex(QuotaState())
    /// Ledger entries (see `InMemoryStore+LedgerStore.swift`).
    let ledgerState = Mutex(LedgerState())
    /// Request-log entries (see `InMemoryStore+RequestLogStore.swift`).
    let requestLogState = Mutex(RequestLogState())

    /// Creates an empty store.
    public init() {}

    /// Stores a new key; its dates are kept to the millisecond.
    ///
    /// - Throws: ``SwitchyardError`` with code `invalidRequest` when the id, the secret hash, or the name of a key
    ///   that is not revoked already exists.
    public func insert(_ key: VirtualKey) async throws {
        var key = key
        key.createdAt = key.createdAt.roundedToMilliseconds
        key.expiresAt = key.expiresAt?.roundedToMilliseconds
        key.revokedAt = key.revokedAt?.roundedToMilliseconds
        try state.withLock { state in
            if state.keysByID[key.id] != nil {
                throw StoreError.duplicateID(key.id)
            }
            if state.idsBySecretHash[key.secretHash] != nil {
                throw StoreError.duplicateSecretHash()
            }
            if key.revokedAt == nil, state.activeIDsByName[key.name] != nil {
                throw StoreError.duplicateActiveName(key.name)
            }
            state.keysByID[key.id] = key
            state.idsBySecretHash[key.secretHash] = key.id
            if key.revokedAt == nil {
                state.activeIDsByName[key.name] = key.id
            }
        }
    }

    /// The key whose secret hashes to `secretHash`, revoked and expired ones included; `nil` when none.
    public func key(secretHash: String) async throws -> VirtualKey? {
        state.withLock { state in
            state.idsBySecretHash[secretHash].flatMap { state.keysByID[$0] }
        }
    }

    /// The key with this id; `nil` when none.
    public func key(id: String) async throws -> VirtualKey? {
        state.withLock { $0.keysByID[id] }
    }

    /// Every key, oldest first; keys created in the same millisecond are ordered by id.
    public func allKeys() async throws -> [VirtualKey] {
        let keys = state.withLock { Array($0.keysByID.values) }
        return keys.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    /// Marks a key revoked at `date` (kept to the millisecond). Returns `false` when no such key exists; revoking
    /// twice keeps the first date.
    public func revoke(id: String, at date: Date) async throws -> Bool {
        state.withLock { state in
            guard var key = state.keysByID[id] else { return false }
            guard key.revokedAt == nil else { return true }
            key.revokedAt = date.roundedToMilliseconds
            state.keysByID[id] = key
            if state.activeIDsByName[key.name] == id {
                state.activeIDsByName[key.name] = nil
            }
            return true
        }
    }

    /// Gives a key a new secret; the old one stops working at once. Returns `false` when no key has the id or it
    /// is revoked.
    ///
    /// - Throws: ``SwitchyardError`` with code `invalidRequest` when another key already has `secretHash`.
    public func replaceSecret(id: String, secretHash: String, secretPrefix: String) async throws -> Bool {
        try state.withLock { state in
            guard var key = state.keysByID[id], key.revokedAt == nil else { return false }
            if let holder = state.idsBySecretHash[secretHash], holder != id {
                throw StoreError.duplicateSecretHash()
            }
            state.idsBySecretHash[key.secretHash] = nil
            key.secretHash = secretHash
            key.secretPrefix = secretPrefix
            state.idsBySecretHash[secretHash] = id
            state.keysByID[id] = key
            return true
        }
    }

    /// How many keys exist that are neither revoked nor expired at `date`.
    ///
    /// A key is expired at `date` when its `expiresAt` is at or before `date`; it is revoked when it has any
    /// `revokedAt`.
    public func activeKeyCount(at date: Date) async throws -> Int {
        let now = date.millisecondsSince1970
        return state.withLock { state in
            state.keysByID.values.count { key in
                key.revokedAt == nil && (key.expiresAt.map { $0.millisecondsSince1970 > now } ?? true)
            }
        }
    }

    /// How many keys were ever inserted, revoked and expired ones included.
    public func keyCount() async throws -> Int {
        state.withLock { $0.keysByID.count }
    }

    /// Always succeeds: memory is always reachable.
    public func checkHealth() async throws {}
}
