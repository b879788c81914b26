import SQLKit
import SwitchyardCore

/// The statements behind ``RequestLogStore``, written once with SQLKit's dialect-neutral builders for every SQL
/// store.
///
/// Pages are keyset pages: each starts strictly after the previous page's last `(started_at, request_id)`, so a
/// page deep in the log costs what the first one costs (no `OFFSET`). The indexes that serve them are described in
/// ``StorageSchema``.
///
/// Errors pass through untouched; the store that calls them maps them to ``SwitchyardCore/SwitchyardError``.
enum RequestLogQueries {
    /// Rows per `INSERT`: 32 columns each stays far below every dialect's limit on bound values.
    static let rowsPerInsert = 200

    /// Inserts the rows, skipping request ids already recorded. Run it in a transaction when there are more than
    /// ``rowsPerInsert`` rows, so that the batch is written whole or not at all.
    static func append(_ records: [RequestLogRecord], on database: any SQLDatabase) async throws {
        try await database.insert(records, rowsPerStatement: rowsPerInsert, ignoringConflictsOn: "request_id")
    }

    /// The row for one request; `nil` when none.
    static func entry(requestID: String, on database: any SQLDatabase) async throws -> RequestLogRecord? {
        try await database.select()
            .columns(RequestLogRecord.columns)
            .from(RequestLogRecord.table)
            .where("request_id", .equal, requestID)
            .first(decoding: RequestLogRecord.self)
    }

    /// A page of rows matching `query`, newest first, and where the next page starts.
    ///
    /// One row more than the page holds is read to learn whether another page follows.
    static func page(_ query: RequestLogQuery, on database: any SQLDatabase) async throws -> RequestLogPage {
        let select = database.select()
            .columns(RequestLogRecord.columns)
            .from(RequestLogRecord.table)
        // Filters in a fixed order, so that the statement's text depends only on which filters are set.
        if let keyID = query.keyID {
            select.where("key_id", .equal, keyID)
        }
        if let model = query.model {
            select.where("model", .equal, model)
        }
        if let status = query.status {
            select.where("status", .equal, Int64(status))
        }
        if let since = query.since {
            select.where("started_at", .greaterThanOrEqual, since.millisecondsSince1970)
        }
        if let until = query.until {
            select.where("started_at", .lessThan, until.millisecondsSince1970)
        }
        if let cursor = query.cursor {
            // `(started_at, request_id) < (ms, id)`, written so that every planner ranges over `started_at`.
            select.where(
                SQLQueryString(
                    """
                    \(ident: "started_at") <= \(bind: cursor.startedAtMilliseconds) AND \
                    (\(ident: "started_at") < \(bind: cursor.startedAtMilliseconds) OR \(ident: "request_id") < \(bind: cursor.requestID))
                    """
                )
            )
        }
        let records = try await select
            .orderBy("started_at", .descending)
            .orderBy("request_id", .descending)
            .limit(query.pageSize + 1)
            .all(decoding: RequestLogRecord.self)

        let entries = try records.prefix(query.pageSize).map { try $0.requestLogEntry() }
        let nextCursor = records.count > query.pageSize ? entries.last.map(RequestLogCursor.init(after:)) : nil
        return RequestLogPage(entries: entries, nextCursor: nextCursor)
    }

    /// Deletes up to `limit` rows that started before `milliseconds`, oldest first; returns how many went.
    static func delete(startedBefore milliseconds: Int64, limit: Int, on database: any SQLDatabase) async throws -> Int {
        try await database.raw(
            """
            DELETE FROM \(ident: RequestLogRecord.table) WHERE \(ident: "request_id") IN (\
            SELECT \(ident: "request_id") FROM \(ident: RequestLogRecord.table) \
            WHERE \(ident: "started_at") < \(bind: milliseconds) \
            ORDER BY \(ident: "started_at"), \(ident: "request_id") LIMIT \(bind: limit)\
            ) RETURNING \(ident: "request_id")
            """
        )
        .all()
        .count
    }
}

extension RequestLogQuery {
    /// The page size the stores use: ``limit`` held to 1…1000.
    var pageSize: Int {
        min(max(limit, 1), 1000)
    }
}

extension RequestLogCursor {
    /// The position just after `entry`, newest first.
    init(after entry: RequestLogEntry) {
        self.init(startedAtMilliseconds: entry.startedAt.millisecondsSince1970, requestID: entry.requestID)
    }
}
