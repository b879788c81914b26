import SQLiteKit
import SwitchyardCore

extension SQLiteStore: LedgerStore {
    /// Appends entries atomically, skipping request ids already recorded: a batch that fits in one `INSERT` is that
    /// one statement (one round trip, atomic by itself); a larger one is written in a transaction.
    public func append(_ entries: [LedgerEntry]) async throws {
        guard !entries.isEmpty else { return }
        let records = entries.map(LedgerEntryRecord.init)
        let operation = "appending \(entries.count) ledger entries."
        if records.count <= LedgerQueries.rowsPerInsert {
            try await main.writing(operation) { database in
                try await LedgerQueries.append(records, on: database)
            }
        } else {
            try await main.writingInTransaction(operation) { database in
                try await LedgerQueries.append(records, on: database)
            }
        }
    }

    /// Totals over the matching entries, aggregated in SQL, one row per group, ordered by the grouped values.
    public func usage(_ query: UsageQuery) async throws -> [UsageSummary] {
        try await main.reading("summarizing usage.") { database in
            try await LedgerQueries.usage(query, on: database).ordered(by: query.groupBy)
        }
    }

    /// The entry for one request; `nil` when none.
    public func entry(requestID: String) async throws -> LedgerEntry? {
        try await main.reading("looking up ledger entry '\(requestID)'.") { database in
            try await LedgerQueries.entry(requestID: requestID, on: database)?.ledgerEntry()
        }
    }
}
