import Foundation
import SwitchyardCore

/// Creates virtual keys: makes the secret, stores only its hash, and returns the secret once.
public struct KeyIssuer: Sendable {
    private let store: any KeyStore

    public init(store: any KeyStore) {
        self.store = store
    }

    /// What a new key should look like.
    public struct Request: Sendable {
        public var name: String
        public var tenant: String?
        public var allowedModels: [String]
        public var expiresAt: Date?
        public var metadata: [String: String]

        public init(name: String, tenant: String? = nil, allowedModels: [String] = [], expiresAt: Date? = nil, metadata: [String: String] = [:]) {
            self.name = name
            self.tenant = tenant
            self.allowedModels = allowedModels
            self.expiresAt = expiresAt
            self.metadata = metadata
        }
    }

    /// Creates and stores a key.
    ///
    /// - Returns: the stored key and its secret. The secret is not kept anywhere; show it to the user once.
    /// - Throws: ``SwitchyardError`` `invalidRequest` for an empty name, a past expiry, or a name in use.
    public func issue(_ request: Request, now: Date = Date()) async throws -> (key: VirtualKey, secret: String) {
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else {
            throw SwitchyardError.invalidRequest("A key needs a non-empty name.")
        }
        if let expiry = request.expiresAt, expiry <= now {
            throw SwitchyardError.invalidRequest("The expiry date \(expiry) is already in the past.")
        }
        let secret = KeySecret.generate()
        let key = VirtualKey(
            id: KeySecret.generateID(),
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
        return (key, secret)
    }
}
