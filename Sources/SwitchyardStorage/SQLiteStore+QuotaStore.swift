import Foundation
import SQLiteKit
import SwitchyardCore

extension SQLiteStore: QuotaStore {
    /// Stores a new quota.
    ///
    /// - Throws: ``SwitchyardError`` with code `invalidRequest` when the id already exists; `internalError` when the
    ///   database fails.
    public func insertQuota(_ quota: Quota) async throws {
        let record: QuotaRecord
        do {
            record = try QuotaRecord(quota)
        } catch {
            throw StoreError.failure("encoding quota '\(quota.id)'.", cause: error)
        }
        let inserted = try await main.writing("saving quota '\(quota.id)'.") { database in
            try await QuotaQueries.insert(record, on: database)
        }
        guard inserted else { throw StoreError.duplicateQuotaID(quota.id) }
    }

    /// Every stored quota, in the order they were inserted.
    public func quotas() async throws -> [Quota] {
        try await main.reading("listing quotas.") { database in
            try await QuotaQueries.quotas(on: database).map { try $0.quota() }
        }
    }

    /// Deletes a quota (its counters stay). Returns `false` when no such quota exists.
    public func deleteQuota(id: String) async throws -> Bool {
        try await main.writing("deleting quota '\(id)'.") { database in
            try await QuotaQueries.deleteQuota(id: id, on: database)
        }
    }

    /// Grants `min(amount, limit − leased)` when that is at least `minimum`, else 0, in one `BEGIN IMMEDIATE`
    /// transaction, so that processes sharing the database file never grant past the limit together.
    public func lease(_ counter: QuotaCounterID, limit: Int64, amount: Int64, minimum: Int64) async throws -> Int64 {
        try await main.writingInTransaction("leasing from counter \(counter).") { database in
            try await QuotaQueries.lease(counter, limit: limit, amount: amount, minimum: minimum, on: database)
        }
    }

    /// Grants `amount` unconditionally, in one statement.
    public func overdraw(_ counter: QuotaCounterID, limit: Int64, amount: Int64) async throws {
        try await main.writing("overdrawing counter \(counter).") { database in
            try await QuotaQueries.overdraw(counter, limit: limit, amount: amount, on: database)
        }
    }

    /// Gives back unused leased units, never taking `leased` below zero.
    public func release(_ counter: QuotaCounterID, amount: Int64) async throws {
        try await main.writing("releasing units of counter \(counter).") { database in
            try await QuotaQueries.release(counter, amount: amount, on: database)
        }
    }

    /// Adds consumed units to each counter in one transaction and returns their figures afterwards.
    public func recordConsumption(
        _ amounts: [QuotaCounterID: QuotaConsumption]
    ) async throws -> [QuotaCounterID: QuotaCounterState] {
        guard !amounts.isEmpty else { return [:] }
        return try await main.writingInTransaction("recording consumption on \(amounts.count) counters.") { database in
            try await QuotaQueries.recordConsumption(amounts, on: database)
        }
    }

    /// A counter's figures; `nil` when it was never used.
    public func counter(_ id: QuotaCounterID) async throws -> QuotaCounterState? {
        try await main.reading("reading counter \(id).") { database in
            try await QuotaQueries.counter(id, on: database)
        }
    }

    /// `true` for the first claim of this alert only, by a single conditional insert.
    public func claimAlert(_ counter: QuotaCounterID, percent: Int) async throws -> Bool {
        try await main.writing("claiming the \(percent)% alert of counter \(counter).") { database in
            try await QuotaQueries.claimAlert(
                counter,
                percent: percent,
                atMilliseconds: Date().millisecondsSince1970,
                on: database
            )
        }
    }
}
