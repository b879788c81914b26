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
///
/// `request_log` (version 3): see ``RequestLogRecord``; keyed by request id. Its indexes serve the admin API's
/// keyset pages, `WHERE [key_id = ?] [AND model = ?] [AND status = ?] [AND started_at in range] [AND (started_at,
/// request_id) < cursor] ORDER BY started_at DESC, request_id DESC LIMIT n`: `(started_at, request_id)` for the
/// unfiltered log, the time range and retention's oldest-first deletes, and `(key_id | model | status, started_at,
/// request_id)` for each filter, so that a page is read in index order and never sorted. On PostgreSQL
/// `request_id` is collated `"C"` (byte order), the order SQLite and the in-memory store use. ``SQLiteStore`` keeps
/// the table in a file of its own instead (``RequestLogSchema``): in its main file, version 3's table is emptied into
/// that file and dropped on open.
enum StorageSchema {
    /// Every migration, oldest first.
    static let migrations: [SQLMigration] = [
        SQLMigration(version: 1, name: "create_virtual_keys", apply: createVirtualKeys),
        SQLMigration(version: 2, name: "create_quotas_and_ledger", apply: createQuotasAndLedger),
        SQLMigration(version: 3, name: "create_request_log", apply: createRequestLog),
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

    @Sendable
    static func createRequestLog(on database: any SQLDatabase) async throws {
        let byteOrder: [SQLColumnConstraintAlgorithm] =
            database.dialect.name == "postgresql" ? [.custom(SQLRaw(#"COLLATE "C""#))] : []
        try await database.create(table: RequestLogRecord.table)
            .column("request_id", type: .text, [.primaryKey(autoIncrement: false), .notNull] + byteOrder)
            .column("started_at", type: .bigint, .notNull)
            .column("trace_id", type: .text)
            .column("duration_us", type: .bigint, .notNull)
            .column("overhead_us", type: .bigint, .notNull)
            .column("time_to_first_token_us", type: .bigint)
            .column("api", type: .text, .notNull)
            .column("key_id", type: .text)
            .column("key_name", type: .text)
            .column("tenant", type: .text)
            .column("agent", type: .text)
            .column("user_id", type: .text)
            .column("session_id", type: .text)
            .column("model", type: .text, .notNull)
            .column("provider", type: .text)
            .column("status", type: .bigint, .notNull)
            .column("outcome", type: .text, .notNull)
            .column("error_message", type: .text)
            .column("streamed", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .column("routing_decisions", type: .text, .notNull)
            .column("stages", type: .text, .notNull)
            .column("attempts", type: .text, .notNull)
            .column("input_tokens", type: .bigint, .notNull)
            .column("cache_read_tokens", type: .bigint, .notNull)
            .column("cache_write_tokens", type: .bigint, .notNull)
            .column("cache_write_1h_tokens", type: .bigint, .notNull)
            .column("output_tokens", type: .bigint, .notNull)
            .column("reasoning_tokens", type: .bigint, .notNull)
            .column("cost_nanodollars", type: .bigint, .notNull)
            .column("capture", type: .text, .notNull)
            .column("request_body", type: .text)
            .column("response_body", type: .text)
            .run()

        // Written out: SQLKit's index builder has no column direction.
        try await database.raw(
            """
            CREATE INDEX \(ident: "request_log_started_at") ON \(ident: RequestLogRecord.table) \
            (\(ident: "started_at") DESC, \(ident: "request_id") DESC)
            """
        ).run()
        for column in ["key_id", "model", "status"] {
            try await database.raw(
                """
                CREATE INDEX \(ident: "request_log_\(column)_started_at") ON \(ident: RequestLogRecord.table) \
                (\(ident: column), \(ident: "started_at") DESC, \(ident: "request_id") DESC)
                """
            ).run()
        }
    }
}
