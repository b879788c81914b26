import Foundation
import PostgresKit
import SwitchyardCore

extension PostgresStore: RequestLogStore {
    /// Appends entries in one transaction, skipping request ids already recorded.
    public func appendRequests(_ entries: [RequestLogEntry]) async throws {
        guard !entries.isEmpty else { return }
        let records = entries.map(RequestLogRecord.init)
        try await withTransaction("appending \(entries.count) request-log entries.") { database in
            try await RequestLogQueries.append(records, on: database)
        }
    }

    /// A page of entries matching `query`, newest first.
    public func requests(_ query: RequestLogQuery) async throws -> RequestLogPage {
        try await withDatabase("listing request-log entries.") { database in
            try await RequestLogQueries.page(query, on: database)
        }
    }

    /// The entry for one request; `nil` when none.
    public func request(id: String) async throws -> RequestLogEntry? {
        try await withDatabase("looking up request-log entry '\(id)'.") { database in
            try await RequestLogQueries.entry(requestID: id, on: database)?.requestLogEntry()
        }
    }

    /// Deletes up to `limit` entries that started before `date`, oldest first, in one short transaction.
    public func deleteRequests(startedBefore date: Date, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await withTransaction("deleting expired request-log entries.") { database in
            try await RequestLogQueries.delete(startedBefore: date.millisecondsSince1970, limit: limit, on: database)
        }
    }
}
