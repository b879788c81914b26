import Foundation
import SQLiteKit
import SwitchyardCore

extension SQLiteStore: RequestLogStore {
    /// Appends entries, skipping request ids already recorded, a statement of at most ``rowsPerWriterTurn`` rows at
    /// a time.
    ///
    /// The writer connection is given up between statements, so a ledger commit — which a client is waiting for —
    /// never queues behind a whole request-log batch. Each entry is written whole; a batch retried after a failure
    /// writes only the entries still missing.
    public func appendRequests(_ entries: [RequestLogEntry]) async throws {
        guard !entries.isEmpty else { return }
        let records: [RequestLogRecord]
        do {
            records = try entries.map(RequestLogRecord.init)
        } catch {
            throw StoreError.failure("encoding \(entries.count) request-log entries.", cause: error)
        }
        for start in stride(from: 0, to: records.count, by: Self.rowsPerWriterTurn) {
            let turn = Array(records[start..<min(start + Self.rowsPerWriterTurn, records.count)])
            try await writing("appending \(turn.count) request-log entries.") { database in
                try await RequestLogQueries.append(turn, on: database)
            }
        }
    }

    /// Request-log rows written per hold of the writer connection: a few milliseconds' worth at most.
    static let rowsPerWriterTurn = 20

    /// A page of entries matching `query`, newest first, read on a read connection (never behind the writer).
    public func requests(_ query: RequestLogQuery) async throws -> RequestLogPage {
        try await reading("listing request-log entries.") { database in
            try await RequestLogQueries.page(query, on: database)
        }
    }

    /// The entry for one request; `nil` when none.
    public func request(id: String) async throws -> RequestLogEntry? {
        try await reading("looking up request-log entry '\(id)'.") { database in
            try await RequestLogQueries.entry(requestID: id, on: database)?.requestLogEntry()
        }
    }

    /// Deletes up to `limit` entries that started before `date`, oldest first, in one short write transaction.
    public func deleteRequests(startedBefore date: Date, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return try await writingInTransaction("deleting expired request-log entries.") { database in
            try await RequestLogQueries.delete(startedBefore: date.millisecondsSince1970, limit: limit, on: database)
        }
    }
}
