import Foundation

/// Persistent virtual keys. Implementations: in-memory, SQLite, and PostgreSQL; all must pass the conformance
/// suite in `SwitchyardConformance`.
public protocol KeyStore: Sendable {
    /// Stores a new key.
    ///
    /// - Throws: ``SwitchyardError`` with code `invalidRequest` when the id, the secret hash, or the name of a
    ///   key that is not revoked already exists.
    func insert(_ key: VirtualKey) async throws

    /// The key whose secret hashes to `secretHash`, revoked and expired ones included; `nil` when none.
    func key(secretHash: String) async throws -> VirtualKey?

    /// The key with this id; `nil` when none.
    func key(id: String) async throws -> VirtualKey?

    /// Every key, oldest first.
    func allKeys() async throws -> [VirtualKey]

    /// Marks a key revoked at `date`. Returns `false` when no such key exists; revoking twice keeps the first date.
    func revoke(id: String, at date: Date) async throws -> Bool

    /// Gives a key a new secret (rotation): the old secret stops working at once, while the id — and so every
    /// quota and ledger entry of the key — stays. Returns `false` when no key has the id or it is revoked.
    ///
    /// - Throws: ``SwitchyardError`` with code `invalidRequest` when another key already has `secretHash`.
    func replaceSecret(id: String, secretHash: String, secretPrefix: String) async throws -> Bool

    /// How many keys exist that are neither revoked nor expired at `date`.
    func activeKeyCount(at date: Date) async throws -> Int

    /// How many keys were ever issued, revoked and expired ones included.
    func keyCount() async throws -> Int
}
