import Foundation
import SwitchyardCore
import Testing

/// The behaviour every ``SwitchyardCore/KeyStore`` must show, as checks a test runs against each implementation.
///
/// Each ``Check`` records failures with Swift Testing's `#expect`, so it must run inside a `@Test`. Give each check
/// a fresh, empty store; a parameterized test runs every check against every store:
///
/// ```swift
/// @Test(arguments: KeyStoreConformance.Check.allCases)
/// func conformance(_ check: KeyStoreConformance.Check) async throws {
///     try await check.run(on: InMemoryStore())
/// }
/// ```
///
/// The rules the checks hold a store to, beyond the protocol's documentation:
/// - Dates come back to the millisecond: within 1 ms of what was stored, and exactly when they are whole
///   milliseconds, before 1970 as after.
/// - `allKeys()` orders keys by `createdAt`, revoked ones included.
/// - A key is expired at a date when its `expiresAt` is at or before that date; a key with any `revokedAt` is revoked.
/// - A duplicate is refused with code `invalidRequest` and a message naming what is duplicate: the id, "secret
///   hash", or the name; the refused key changes nothing.
/// - Concurrent inserts all persist, and of concurrent inserts of one id exactly one succeeds.
/// - A rotated key is found by its new secret hash only; every other field stays.
public enum KeyStoreConformance {
    /// One behaviour of a key store.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Keys are found by secret hash and by id; unknown ones are `nil`; revoked and expired keys are found too.
        case insertAndLookUp
        /// `allKeys()` is empty at first, then oldest first whatever the insertion order.
        case listOrder
        /// A second key with an existing id is refused.
        case duplicateID
        /// A second key with an existing secret hash is refused.
        case duplicateSecretHash
        /// A second key with the name of a key that is not revoked is refused.
        case duplicateActiveName
        /// A revoked key's name may be used again, by a new key or by a key stored already revoked.
        case revokedNameReuse
        /// `revoke` returns whether the key exists and keeps the first date when repeated.
        case revoke
        /// `activeKeyCount(at:)` leaves out revoked keys and keys expired at that date.
        case activeKeyCount
        /// Every field survives storage: full values, `nil` and empty ones, unusual characters.
        case roundTrip
        /// Dates are kept to the millisecond.
        case millisecondPrecision
        /// Fifty concurrent inserts all persist; ten concurrent inserts of one id let exactly one through.
        case concurrentInserts
        /// `replaceSecret` swaps the secret of a key that is not revoked, and refuses another key's secret hash.
        case replaceSecret

        /// The check's name, as test reports show it.
        public var description: String { rawValue }

        /// Runs the check against `store`, which must be empty; records failures with `#expect`.
        ///
        /// - Throws: What the store throws where the check expects success, or an error from `#require`.
        public func run(on store: any KeyStore) async throws {
            switch self {
            case .insertAndLookUp: try await KeyStoreConformance.insertAndLookUp(store)
            case .listOrder: try await KeyStoreConformance.listOrder(store)
            case .duplicateID: try await KeyStoreConformance.duplicateID(store)
            case .duplicateSecretHash: try await KeyStoreConformance.duplicateSecretHash(store)
            case .duplicateActiveName: try await KeyStoreConformance.duplicateActiveName(store)
            case .revokedNameReuse: try await KeyStoreConformance.revokedNameReuse(store)
            case .revoke: try await KeyStoreConformance.revoke(store)
            case .activeKeyCount: try await KeyStoreConformance.activeKeyCount(store)
            case .roundTrip: try await KeyStoreConformance.roundTrip(store)
            case .millisecondPrecision: try await KeyStoreConformance.millisecondPrecision(store)
            case .concurrentInserts: try await KeyStoreConformance.concurrentInserts(store)
            case .replaceSecret: try await KeyStoreConformance.replaceSecret(store)
            }
        }
    }

    /// Runs every check, each against a fresh store that `withEmptyStore` opens for the length of the closure.
    ///
    /// - Parameter withEmptyStore: Opens an empty store, runs the closure with it, and closes it.
    public static func runAll(
        withEmptyStore: (_ body: (any KeyStore) async throws -> Void) async throws -> Void
    ) async throws {
        for check in Check.allCases {
            try await withEmptyStore { store in
                try await check.run(on: store)
            }
        }
    }

    /// A whole-millisecond instant that the checks count from: 2025-06-15T12:00:00Z.
    static let epoch = Date(timeIntervalSince1970: 1_749_988_800)

    /// A 64-digit lowercase hex string, shaped like a SHA-256 digest, distinct for each `number`.
    static func hexHash(_ number: Int) -> String {
        let digits = String(number, radix: 16)
        return String(repeating: "0", count: max(0, 64 - digits.count)) + digits
    }

    /// A distinct key numbered `number`, created `number` seconds after ``epoch`` unless told otherwise.
    static func sampleKey(
        _ number: Int,
        name: String? = nil,
        createdAt: Date? = nil,
        expiresAt: Date? = nil,
        revokedAt: Date? = nil
    ) -> VirtualKey {
        VirtualKey(
            id: "key_\(number)",
            name: name ?? "key-\(number)",
            secretHash: hexHash(number),
            secretPrefix: "sy-\(number)",
            createdAt: createdAt ?? epoch.addingTimeInterval(TimeInterval(number)),
            expiresAt: expiresAt,
            revokedAt: revokedAt
        )
    }
}
