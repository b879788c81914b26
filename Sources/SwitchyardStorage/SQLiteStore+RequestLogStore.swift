import Foundation
import SQLiteKit
import SwitchyardCore

extension SQLiteStore: RequestLogStore {
    /// Appends entries, skipping request ids already recorded, a statement of ``rowsPerWriterTurn`` rows at a time —
    /// or more, in at most ``writerTurnsPerBatch`` statements, when the batch is that large.
    ///
    /// The writer connection is given up between statements, so a ledger commit — which a client is waiting for —
    /// never queues behind a whole request-log batch. A batch of more than 200 entries means the log has fallen
    /// behind (the writer gathers about 200 ms of traffic at a time): each turn then writes more rows, because every
    /// turn also waits behind the ledger commits queued for the connection, and with 20-row turns a saturated
    /// gateway (1,270 calls a second at 256 connections) filled the log's queue and dropped entries. Each entry is
    /// written whole; a batch retried after a failure writes only the entries still missing.
    public func appendRequests(_ entries: [RequestLogEntry]) async throws {
        guard !entries.isEmpty else { return }
        let records: [RequestLogRecord]
        do {
            records = try entries.map(RequestLogRecord.init)
        } catch {
            throw StoreError.failure("encoding \(entries.count) request-log entries.", cause: error)
        }
        let rowsPerTurn = max(Self.rowsPerWriterTurn, (records.count + Self.writerTurnsPerBatch - 1) / Self.writerTurnsPerBatch)
        for start in stride(from: 0, to: records.count, by: rowsPerTurn) {
            let turn = Array(records[start..<min(start + rowsPerTurn, records.count)])
            try await writing("appending \(turn.count) request-log entries.") { database in
                try await RequestLogQueries.append(turn, on: database)
            }
        }
    }

    /// Request-log rows written per hold of the writer connection when the log keeps up: a few milliseconds' worth.
    static let rowsPerWriterTurn = 20
    /// The most holds of the writer connection one batch takes.
    static let writerTurnsPerBatch = 10

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
