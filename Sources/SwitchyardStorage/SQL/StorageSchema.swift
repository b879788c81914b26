import SQLKit

/// The schema every SQL store shares, as an ordered list of migrations. Append; never edit or reorder.
///
/// `virtual_keys` (version 1):
///
/// | column | type | notes |
/// | --- | --- | --- |
/// | `id` | text | primary key |
/// | `name` | text | unique among rows whose `revoked_at` is null (partial index `virtual_keys_active_name`) |
/// | `tenant` | text, nullable | |
/// | `secret_hash` | text | unique; lowercase hex SHA-256 of the secret |
/// | `secret_prefix` | text | |
/// | `allowed_models` | text | JSON array of strings; `[]` means every model |
/// | `metadata` | text | JSON object of strings |
/// | `created_at`, `expires_at`, `revoked_at` | integer | milliseconds since 1970-01-01T00:00:00Z; the last two nullable |
enum StorageSchema {
    /// Every migration, oldest first.
    static let migrations: [SQLMigration] = [
        SQLMigration(version: 1, name: "create_virtual_keys", apply: createVirtualKeys),
    ]

    @Sendable
    private static func createVirtualKeys(on database: any SQLDatabase) async throws {
        try await database.create(table: VirtualKeyRecord.table)
            .column("id", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("name", type: .text, .notNull)
            .column("tenant", type: .text)
            .column("secret_hash", type: .text, .notNull, .unique)
            .column("secret_prefix", type: .text, .notNull)
            .column("allowed_models", type: .text, .notNull)
            .column("metadata", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("expires_at", type: .bigint)
            .column("revoked_at", type: .bigint)
            .run()

        let activeName = database.create(index: "virtual_keys_active_name")
            .unique()
            .on(VirtualKeyRecord.table)
            .column("name")
        activeName.createIndex.predicate = SQLBinaryExpression(
            SQLIdentifier("revoked_at"), SQLBinaryOperator.is, SQLLiteral.null
        )
        try await activeName.run()

        try await database.create(index: "virtual_keys_created_at")
            .on(VirtualKeyRecord.table)
            .column("created_at")
            .column("id")
            .run()
    }
}
