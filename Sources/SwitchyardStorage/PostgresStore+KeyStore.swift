import Foundation
import PostgresKit
import SwitchyardCore

extension PostgresStore: KeyStore {
    /// Stores a new key; its dates are kept to the millisecond.
    ///
    /// - Throws: ``SwitchyardError`` with code `invalidRequest` when the id, the secret hash, or the name of a key
    ///   that is not revoked already exists; `internalError` when the database fails.
    public func insert(_ key: VirtualKey) async throws {
        let record: VirtualKeyRecord
        do {
            record = try VirtualKeyRecord(key)
        } catch {
            throw StoreError.failure("encoding key '\(key.id)'.", cause: error)
        }
        do {
            try await client.withConnection { connection in
                try await KeyQueries.insert(record, on: connection.sql(queryLogLevel: queryLogLevel))
            }
        } catch where Self.isUniqueViolation(error) {
            throw try await duplicateError(for: key)
        } catch {
            throw StoreError.mapped(error, operation: "saving key '\(key.id)'.")
        }
    }

    /// The key whose secret hashes to `secretHash`, revoked and expired ones included; `nil` when none.
    public func key(secretHash: String) async throws -> VirtualKey? {
        try await withDatabase("looking up a key by secret hash.") { database in
            try await KeyQueries.key(where: "secret_hash", equals: secretHash, on: database)?.virtualKey()
        }
    }

    /// The key with this id; `nil` when none.
    public func key(id: String) async throws -> VirtualKey? {
        try await withDatabase("looking up key '\(id)'.") { database in
            try await KeyQueries.key(where: "id", equals: id, on: database)?.virtualKey()
        }
    }

    /// Every key, oldest first; keys created in the same millisecond are ordered by id.
    public func allKeys() async throws -> [VirtualKey] {
        try await withDatabase("listing keys.") { database in
            try await KeyQueries.allKeys(on: database).map { try $0.virtualKey() }
        }
    }

    /// Marks a key revoked at `date` (kept to the millisecond). Returns `false` when no such key exists; revoking
    /// twice keeps the first date.
    public func revoke(id: String, at date: Date) async throws -> Bool {
        try await withDatabase("revoking key '\(id)'.") { database in
            try await KeyQueries.revoke(id: id, atMilliseconds: date.millisecondsSince1970, on: database)
        }
    }

    /// Gives a key a new secret; the old one stops working at once. Returns `false` when no key has the id or it
    /// is revoked.
    ///
    /// - Throws: ``SwitchyardError`` with code `invalidRequest` when another key already has `secretHash`.
    public func replaceSecret(id: String, secretHash: String, secretPrefix: String) async throws -> Bool {
        do {
            return try await client.withConnection { connection in
                try await KeyQueries.replaceSecret(
                    id: id,
                    secretHash: secretHash,
                    secretPrefix: secretPrefix,
                    on: connection.sql(queryLogLevel: queryLogLevel)
                )
            }
        } catch where Self.isUniqueViolation(error) {
            throw StoreError.duplicateSecretHash()
        } catch {
            throw StoreError.mapped(error, operation: "rotating key '\(id)'.")
        }
    }

    /// How many keys exist that are neither revoked nor expired at `date`.
    ///
    /// A key is expired at `date` when its `expiresAt` is at or before `date`; it is revoked when it has any
    /// `revokedAt`.
    public func activeKeyCount(at date: Date) async throws -> Int {
        try await withDatabase("counting active keys.") { database in
            try await KeyQueries.activeKeyCount(atMilliseconds: date.millisecondsSince1970, on: database)
        }
    }

    /// How many keys were ever issued, revoked and expired ones included.
    public func keyCount() async throws -> Int {
        try await withDatabase("counting keys.") { database in
            try await KeyQueries.keyCount(on: database)
        }
    }

    /// Names the rule `key` broke, checked in the order id, secret hash, active name.
    private func duplicateError(for key: VirtualKey) async throws -> SwitchyardError {
        if try await self.key(id: key.id) != nil {
            return StoreError.duplicateID(key.id)
        }
        if try await self.key(secretHash: key.secretHash) != nil {
            return StoreError.duplicateSecretHash()
        }
        if key.revokedAt == nil {
            let nameTaken = try await withDatabase("looking up a key by name.") { database in
                try await KeyQueries.hasActiveKey(named: key.name, on: database)
            }
            if nameTaken {
                return StoreError.duplicateActiveName(key.name)
            }
        }
        return StoreError.duplicateUnknown()
    }
}

extension PostgresStore: StoreHealthCheck {
    /// Returns when the database answers `SELECT 1` on a pooled connection.
    ///
    /// - Throws: ``SwitchyardError`` (`internalError`) when it does not.
    public func checkHealth() async throws {
        _ = try await withDatabase("checking health.") { database in
            try await database.select().column(SQLLiteral.numeric("1"), as: "ok").first()
        }
    }
}
