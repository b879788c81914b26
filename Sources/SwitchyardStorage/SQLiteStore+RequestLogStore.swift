import Foundation
import SQLiteKit
import SwitchyardCore

extension SQLiteStore: RequestLogStore {
    /// Appends entries in one transaction on the request log's own writer connection, skipping request ids already
    /// recorded. No ledger commit or quota lease waits for it: they go through the main database's writer.
    public func appendRequests(_ entries: [RequestLogEntry]) async throws {
        guard !entries.isEmpty else { return }
        let records = entries.map(RequestLogRecord.init)
        try await requestLog.writingInTransaction("appending \(entries.count) request-log entries.") { database in
            try await RequestLogQueries.append(records, on: database)
        }
    }

    /// A page of entries matching `query`, newest first, read on a read connection (never behind the writer).
    public func requests(_ query: RequestLogQuery) async throws -> RequestLogPage {
        try await requestLog.reading("listing request-log entries.") { database in
            try await RequestLogQueries.page(query, on: database)
        }
    }

    /// The entry for one request; `nil` when none.
    public func request(id: String) async throws -> RequestLogEntry? {
        try await requestLog.reading("looking up request-log entry '\(id)'.") { database in
            try await RequestLogQueries.entry(requestID: id, on: database)?.requestLogEntry()
        }
    }

    /// Deletes up to `limit` entries that started before `date`, oldest first, in one short write transaction.
    public func deleteRequests(startedBefore date: Date, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await requestLog.writingInTransaction("deleting expired request-log entries.") { database in
            try await RequestLogQueries.delete(startedBefore: date.millisecondsSince1970, limit: limit, on: database)
        }
    }
}
