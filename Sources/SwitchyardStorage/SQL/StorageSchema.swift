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
///
/// `quotas`, `quota_counters`, `quota_alerts` and `ledger_entries` (version 2): see ``QuotaRecord``,
/// ``QuotaQueries`` and ``LedgerEntryRecord``. Counters are keyed by quota name and window start, alerts by counter
/// and percent, ledger entries by request id; every amount is an integer (nanodollars, tokens, requests).
enum StorageSchema {
    /// Every migration, oldest first.
    static let migrations: [SQLMigration] = [
        SQLMigration(version: 1, name: "create_virtual_keys", apply: createVirtualKeys),
        SQLMigration(version: 2, name: "create_quotas_and_ledger", apply: createQuotasAndLedger),
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

    @Sendable
    private static func createQuotasAndLedger(on database: any SQLDatabase) async throws {
        try await database.create(table: QuotaRecord.table)
            .column("insertion_order", type: .bigint, .primaryKey(autoIncrement: true), .notNull)
            .column("id", type: .text, .notNull, .unique)
            .column("kind", type: .text, .notNull)
            .column("scope", type: .text, .notNull)
            .column("metric", type: .text, .notNull)
            .column("limit", type: .bigint, .notNull)
            .column("window", type: .text, .notNull)
            .column("alert_thresholds", type: .text, .notNull)
            .run()

        try await database.create(table: QuotaQueries.countersTable)
            .column("name", type: .text, .notNull)
            .column("window_start", type: .bigint, .notNull)
            .column("limit", type: .bigint, .notNull)
            .column("leased", type: .bigint, .notNull)
            .column("consumed", type: .bigint, .notNull)
            .primaryKey("name", "window_start")
            .run()

        try await database.create(table: QuotaQueries.alertsTable)
            .column("name", type: .text, .notNull)
            .column("window_start", type: .bigint, .notNull)
            .column("percent", type: .bigint, .notNull)
            .column("claimed_at", type: .bigint, .notNull)
            .primaryKey("name", "window_start", "percent")
            .run()

        try await database.create(table: LedgerEntryRecord.table)
            .column("request_id", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("recorded_at", type: .bigint, .notNull)
            .column("day", type: .text, .notNull)
            .column("key_id", type: .text)
            .column("tenant", type: .text)
            .column("agent", type: .text)
            .column("user_id", type: .text)
            .column("session_id", type: .text)
            .column("model", type: .text, .notNull)
            .column("provider", type: .text)
            .column("deployment_model", type: .text)
            .column("input_tokens", type: .bigint, .notNull)
            .column("cache_read_tokens", type: .bigint, .notNull)
            .column("cache_write_tokens", type: .bigint, .notNull)
            .column("cache_write_1h_tokens", type: .bigint, .notNull)
            .column("output_tokens", type: .bigint, .notNull)
            .column("reasoning_tokens", type: .bigint, .notNull)
            .column("cost_nanodollars", type: .bigint, .notNull)
            .column("latency_ms", type: .bigint, .notNull)
            .column("overhead_us", type: .bigint, .notNull)
            .column("outcome", type: .text, .notNull)
            .column("streamed", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .run()

        try await database.create(index: "ledger_entries_recorded_at")
            .on(LedgerEntryRecord.table)
            .column("recorded_at")
            .run()
        for column in ["key_id", "tenant", "model"] {
            try await database.create(index: "ledger_entries_\(column)_recorded_at")
                .on(LedgerEntryRecord.table)
                .column(column)
                .column("recorded_at")
                .run()
        }
    }
}
