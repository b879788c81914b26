import Foundation
import SQLKit
import SwitchyardCore

/// The statements behind ``QuotaStore``, written once with SQLKit's dialect-neutral builders for every SQL store.
///
/// `quota_counters` holds one row per counter (`name`, `window_start`) with its `limit`, `leased` and `consumed`
/// units; `quota_alerts` one row per claimed alert (`name`, `window_start`, `percent`). Statements that must run
/// together say so: the caller opens the transaction (SQLite's `BEGIN IMMEDIATE` takes the database's write lock,
/// PostgreSQL's row locks serialize writers of one counter). Errors pass through untouched.
enum QuotaQueries {
    static let countersTable = "quota_counters"
    static let alertsTable = "quota_alerts"

    /// Inserts a quota; `false` when its id already exists.
    static func insert(_ record: QuotaRecord, on database: any SQLDatabase) async throws -> Bool {
        try await database.insert(into: QuotaRecord.table)
            .model(record, nilEncodingStrategy: .asNil)
            .ignoringConflicts(with: "id")
            .returning("id")
            .first() != nil
    }

    /// Every quota, in insertion order.
    static func quotas(on database: any SQLDatabase) async throws -> [QuotaRecord] {
        try await database.select()
            .columns(QuotaRecord.columns)
            .from(QuotaRecord.table)
            .orderBy("insertion_order", .ascending)
            .all(decoding: QuotaRecord.self)
    }

    /// Deletes a quota; `false` when no row has this id.
    static func deleteQuota(id: String, on database: any SQLDatabase) async throws -> Bool {
        try await database.delete(from: QuotaRecord.table)
            .where("id", .equal, id)
            .returning("id")
            .first() != nil
    }

    /// Grants `min(amount, limit − leased)` units when that is at least `minimum`, else 0, and stores `limit` as the
    /// counter's cap. Must run inside a transaction: the first statement creates or locks the counter's row, so no
    /// other writer changes `leased` between reading it and adding the grant.
    static func lease(
        _ counter: QuotaCounterID,
        limit: Int64,
        amount: Int64,
        minimum: Int64,
        on database: any SQLDatabase
    ) async throws -> Int64 {
        let row = try await database.insert(into: countersTable)
            .columns("name", "window_start", "limit", "leased", "consumed")
            .values(SQLBind(counter.name), SQLBind(counter.windowStart), SQLBind(limit), SQLBind(Int64(0)), SQLBind(Int64(0)))
            .onConflict(with: ["name", "window_start"]) { $0.set(excludedValueOf: "limit") }
            .returning("leased")
            .first()
        guard let row else {
            throw MissingRowError(operation: "leasing from counter \(counter)")
        }
        let leased = try row.decode(column: "leased", as: Int64.self)
        let grant = QuotaGrant.units(amount: amount, minimum: minimum, limit: limit, leased: leased)
        if grant > 0 {
            try await database.update(countersTable)
                .set("leased", to: SQLBinaryExpression(SQLIdentifier("leased"), .add, SQLBind(grant)))
                .where("name", .equal, counter.name)
                .where("window_start", .equal, counter.windowStart)
                .run()
        }
        return grant
    }

    /// Adds `amount` to `leased` unconditionally, creating the counter with `limit` when it is new.
    static func overdraw(_ counter: QuotaCounterID, limit: Int64, amount: Int64, on database: any SQLDatabase) async throws {
        try await database.insert(into: countersTable)
            .columns("name", "window_start", "limit", "leased", "consumed")
            .values(SQLBind(counter.name), SQLBind(counter.windowStart), SQLBind(limit), SQLBind(amount), SQLBind(Int64(0)))
            .onConflict(with: ["name", "window_start"]) { update in
                update.set(
                    "leased",
                    to: SQLBinaryExpression(SQLColumn("leased", table: countersTable), .add, SQLExcludedColumn("leased"))
                )
            }
            .run()
    }

    /// Takes `amount` off `leased`, never below zero; a counter that does not exist is left alone.
    static func release(_ counter: QuotaCounterID, amount: Int64, on database: any SQLDatabase) async throws {
        try await database.update(countersTable)
            .set(
                "leased",
                to: SQLQueryString("CASE WHEN \(ident: "leased") > \(bind: amount) THEN \(ident: "leased") - \(bind: amount) ELSE 0 END")
            )
            .where("name", .equal, counter.name)
            .where("window_start", .equal, counter.windowStart)
            .run()
    }

    /// Adds consumed units to each counter, creating missing ones, and returns their figures afterwards. Run it in
    /// a transaction; counters are updated in a fixed order so that two such transactions never deadlock.
    static func recordConsumption(
        _ amounts: [QuotaCounterID: QuotaConsumption],
        on database: any SQLDatabase
    ) async throws -> [QuotaCounterID: QuotaCounterState] {
        let ordered = amounts.sorted { ($0.key.name, $0.key.windowStart) < ($1.key.name, $1.key.windowStart) }
        var after: [QuotaCounterID: QuotaCounterState] = [:]
        for (counter, consumption) in ordered {
            after[counter] = try await recordConsumption(counter, consumption, on: database)
        }
        return after
    }

    /// Adds consumed units to one counter, creating it with the given limit, and returns its figures afterwards.
    private static func recordConsumption(
        _ counter: QuotaCounterID,
        _ consumption: QuotaConsumption,
        on database: any SQLDatabase
    ) async throws -> QuotaCounterState {
        let row = try await database.insert(into: countersTable)
            .columns("name", "window_start", "limit", "leased", "consumed")
            .values(
                SQLBind(counter.name), SQLBind(counter.windowStart), SQLBind(consumption.limit), SQLBind(Int64(0)),
                SQLBind(consumption.amount)
            )
            .onConflict(with: ["name", "window_start"]) { update in
                update.set(
                    "consumed",
                    to: SQLBinaryExpression(SQLColumn("consumed", table: countersTable), .add, SQLExcludedColumn("consumed"))
                )
            }
            .returning("limit", "leased", "consumed")
            .first()
        guard let row else {
            throw MissingRowError(operation: "recording consumption on counter \(counter)")
        }
        return try state(of: row)
    }

    /// A counter's figures; `nil` when it does not exist.
    static func counter(_ counter: QuotaCounterID, on database: any SQLDatabase) async throws -> QuotaCounterState? {
        let row = try await database.select()
            .columns("limit", "leased", "consumed")
            .from(countersTable)
            .where("name", .equal, counter.name)
            .where("window_start", .equal, counter.windowStart)
            .first()
        return try row.map(state(of:))
    }

    /// Records the alert as claimed; `true` only for the statement that inserted the row.
    static func claimAlert(
        _ counter: QuotaCounterID,
        percent: Int,
        atMilliseconds milliseconds: Int64,
        on database: any SQLDatabase
    ) async throws -> Bool {
        try await database.insert(into: alertsTable)
            .columns("name", "window_start", "percent", "claimed_at")
            .values(SQLBind(counter.name), SQLBind(counter.windowStart), SQLBind(Int64(percent)), SQLBind(milliseconds))
            .ignoringConflicts(with: ["name", "window_start", "percent"])
            .returning("name")
            .first() != nil
    }

    private static func state(of row: any SQLRow) throws -> QuotaCounterState {
        QuotaCounterState(
            limit: try row.decode(column: "limit", as: Int64.self),
            leased: try row.decode(column: "leased", as: Int64.self),
            consumed: try row.decode(column: "consumed", as: Int64.self)
        )
    }

    /// An insert with `RETURNING` returned no row, which the database guarantees it does.
    struct MissingRowError: Error, CustomStringConvertible {
        var operation: String
        var description: String { "the database returned no row when \(operation)" }
    }
}
