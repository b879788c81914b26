import SQLKit
import SwitchyardCore

/// The statements behind ``LedgerStore``, written once with SQLKit's dialect-neutral builders for every SQL store.
///
/// Errors pass through untouched; the store that calls them maps them to ``SwitchyardCore/SwitchyardError``.
enum LedgerQueries {
    /// Rows per `INSERT`: 22 columns each stays far below every dialect's limit on bound values.
    static let rowsPerInsert = 200

    /// Inserts the rows, skipping request ids already recorded. Run it in a transaction when there are more than
    /// ``rowsPerInsert`` rows, so that the batch is written whole or not at all.
    static func append(_ records: [LedgerEntryRecord], on database: any SQLDatabase) async throws {
        try await database.insert(records, rowsPerStatement: rowsPerInsert, ignoringConflictsOn: "request_id")
    }

    /// The row for one request; `nil` when none.
    static func entry(requestID: String, on database: any SQLDatabase) async throws -> LedgerEntryRecord? {
        try await database.select()
            .columns(LedgerEntryRecord.columns)
            .from(LedgerEntryRecord.table)
            .where("request_id", .equal, requestID)
            .first(decoding: LedgerEntryRecord.self)
    }

    /// Totals over the rows that match `query`, one per group, aggregated by the database; unordered.
    ///
    /// A query without groups over no rows yields no row rather than a row of zeros.
    static func usage(_ query: UsageQuery, on database: any SQLDatabase) async throws -> [UsageSummary] {
        let select = database.select().from(LedgerEntryRecord.table)
        for (index, dimension) in query.groupBy.enumerated() {
            let column = SQLIdentifier(LedgerEntryRecord.column(for: dimension))
            select.column(column, as: groupAlias(index)).groupBy(column)
        }
        select
            .column(SQLFunction("count", args: SQLLiteral.all), as: "requests")
            .column(
                total(SQLQueryString("CASE WHEN \(ident: "outcome") IN ('ok', 'cancelled') THEN 0 ELSE 1 END")),
                as: "errors"
            )
            .column(total(SQLIdentifier("cost_nanodollars")), as: "cost_nanodollars")
        for (column, _) in LedgerEntryRecord.usageColumns {
            select.column(total(SQLIdentifier(column)), as: column)
        }
        if let since = query.since {
            select.where("recorded_at", .greaterThanOrEqual, since.millisecondsSince1970)
        }
        if let until = query.until {
            select.where("recorded_at", .lessThan, until.millisecondsSince1970)
        }
        // Sorted so that the statement's text (and a prepared plan) depends only on which filters are set.
        for (dimension, value) in query.filters.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            select.where(SQLIdentifier(LedgerEntryRecord.column(for: dimension)), .equal, SQLBind(value))
        }

        return try await select.all().compactMap { row -> UsageSummary? in
            let requests = try row.decode(column: "requests", as: Int.self)
            guard requests > 0 else { return nil }
            var group: [UsageQuery.Dimension: String] = [:]
            for (index, dimension) in query.groupBy.enumerated() where try !row.decodeNil(column: groupAlias(index)) {
                group[dimension] = try row.decode(column: groupAlias(index), as: String.self)
            }
            var usage = Usage.zero
            for (column, keyPath) in LedgerEntryRecord.usageColumns {
                usage[keyPath: keyPath] = Int(try row.decode(column: column, as: Int64.self))
            }
            return UsageSummary(
                group: group,
                requests: requests,
                errors: Int(try row.decode(column: "errors", as: Int64.self)),
                usage: usage,
                cost: Money(nanodollars: try row.decode(column: "cost_nanodollars", as: Int64.self))
            )
        }
    }

    private static func groupAlias(_ index: Int) -> String {
        "group_\(index)"
    }

    /// `SUM(expression)` as a 64-bit integer, 0 over no rows (PostgreSQL sums `bigint` as `numeric`).
    private static func total(_ expression: any SQLExpression) -> any SQLExpression {
        SQLQueryString("CAST(COALESCE(SUM(\(expression)), 0) AS BIGINT)")
    }
}
