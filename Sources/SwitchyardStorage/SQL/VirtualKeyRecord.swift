import Foundation
import SwitchyardCore

/// One row of the `virtual_keys` table, column for column.
///
/// Timestamps are integer milliseconds since 1970-01-01T00:00:00Z (UTC), so they sort and compare as numbers in
/// every dialect. `allowed_models` is a JSON array of strings and `metadata` a JSON object of strings (keys sorted),
/// both stored as text.
struct VirtualKeyRecord: Codable, Sendable, Equatable {
    static let table = "virtual_keys"

    /// Every column, in table order; selected explicitly so that later columns never change what is read.
    static let columns = [
        "id", "name", "tenant", "secret_hash", "secret_prefix", "allowed_models", "metadata",
        "created_at", "expires_at", "revoked_at",
    ]

    var id: String
    var name: String
    var tenant: String?
    var secretHash: String
    var secretPrefix: String
    var allowedModels: String
    var metadata: String
    var createdAt: Int64
    var expiresAt: Int64?
    var revokedAt: Int64?

    enum CodingKeys: String, CodingKey {
        case id
        case name
        case tenant
        case secretHash = "secret_hash"
        case secretPrefix = "secret_prefix"
        case allowedModels = "allowed_models"
        case metadata
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
    }

    /// The row that stores `key`.
    init(_ key: VirtualKey) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        id = key.id
        name = key.name
        tenant = key.tenant
        secretHash = key.secretHash
        secretPrefix = key.secretPrefix
        allowedModels = String(decoding: try encoder.encode(key.allowedModels), as: UTF8.self)
        metadata = String(decoding: try encoder.encode(key.metadata), as: UTF8.self)
        createdAt = key.createdAt.millisecondsSince1970
        expiresAt = key.expiresAt?.millisecondsSince1970
        revokedAt = key.revokedAt?.millisecondsSince1970
    }

    /// The key this row stores.
    ///
    /// - Throws: `DecodingError` when `allowed_models` or `metadata` is not the JSON it should be.
    func virtualKey() throws -> VirtualKey {
        let decoder = JSONDecoder()
        return VirtualKey(
            id: id,
            name: name,
            tenant: tenant,
            secretHash: secretHash,
            secretPrefix: secretPrefix,
            allowedModels: try decoder.decode([String].self, from: Data(allowedModels.utf8)),
            metadata: try decoder.decode([String: String].self, from: Data(metadata.utf8)),
            createdAt: Date(millisecondsSince1970: createdAt),
            expiresAt: expiresAt.map(Date.init(millisecondsSince1970:)),
            revokedAt: revokedAt.map(Date.init(millisecondsSince1970:))
        )
    }
}
