import SQLKit

/// The statements behind ``KeyStore``, written once with SQLKit's dialect-neutral builders so that every SQL store
/// (SQLite today, PostgreSQL later) runs the same SQL on its own connection.
///
/// Each is a single statement, so none needs a transaction. Errors pass through untouched; the store that calls
/// them maps them to ``SwitchyardCore/SwitchyardError``.
enum KeyQueries {
    /// Inserts one row; a duplicate id, secret hash or active name fails with the dialect's unique violation.
    static func insert(_ record: VirtualKeyRecord, on database: any SQLDatabase) async throws {
        try await database.insert(into: VirtualKeyRecord.table)
            .model(record, nilEncodingStrategy: .asNil)
            .run()
    }

    /// The row whose `column` equals `value`; `nil` when none.
    static func key(where column: String, equals value: String, on database: any SQLDatabase) async throws
        -> VirtualKeyRecord?
    {
        try await database.select()
            .columns(VirtualKeyRecord.columns)
            .from(VirtualKeyRecord.table)
            .where(SQLIdentifier(column), .equal, SQLBind(value))
            .limit(1)
            .first(decoding: VirtualKeyRecord.self)
    }

    /// Whether a key that is not revoked has this name.
    static func hasActiveKey(named name: String, on database: any SQLDatabase) async throws -> Bool {
        try await database.select()
            .column("id")
            .from(VirtualKeyRecord.table)
            .where("name", .equal, name)
            .where("revoked_at", .is, SQLLiteral.null)
            .limit(1)
            .first() != nil
    }

    /// Every row, oldest first, ties broken by id.
    static func allKeys(on database: any SQLDatabase) async throws -> [VirtualKeyRecord] {
        try await database.select()
            .columns(VirtualKeyRecord.columns)
            .from(VirtualKeyRecord.table)
            .orderBy("created_at", .ascending)
            .orderBy("id", .ascending)
            .all(decoding: VirtualKeyRecord.self)
    }

    /// Sets `revoked_at` unless it is already set; `false` when no row has this id.
    static func revoke(id: String, atMilliseconds milliseconds: Int64, on database: any SQLDatabase) async throws
        -> Bool
    {
        try await database.update(VirtualKeyRecord.table)
            .set("revoked_at", to: SQLFunction.coalesce(SQLIdentifier("revoked_at"), SQLBind(milliseconds)))
            .where("id", .equal, id)
            .returning("id")
            .first() != nil
    }

    /// Replaces the secret of a key that is not revoked; `false` when no such row exists.
    static func replaceSecret(id: String, secretHash: String, secretPrefix: String, on database: any SQLDatabase) async throws
        -> Bool
    {
        try await database.update(VirtualKeyRecord.table)
            .set("secret_hash", to: secretHash)
            .set("secret_prefix", to: secretPrefix)
            .where("id", .equal, id)
            .where("revoked_at", .is, SQLLiteral.null)
            .returning("id")
            .first() != nil
    }

    /// How many rows there are.
    static func keyCount(on database: any SQLDatabase) async throws -> Int {
        let row = try await database.select()
            .column(SQLFunction("count", args: SQLLiteral.all), as: "count")
            .from(VirtualKeyRecord.table)
            .first()
        guard let row else { return 0 }
        return try row.decode(column: "count", as: Int.self)
    }

    /// How many rows have no `revoked_at` and no `expires_at` at or before `milliseconds`.
    static func activeKeyCount(atMilliseconds milliseconds: Int64, on database: any SQLDatabase) async throws -> Int {
        let row = try await database.select()
            .column(SQLFunction("count", args: SQLLiteral.all), as: "count")
            .from(VirtualKeyRecord.table)
            .where("revoked_at", .is, SQLLiteral.null)
            .where { group in
                group
                    .where("expires_at", .is, SQLLiteral.null)
                    .orWhere("expires_at", .greaterThan, milliseconds)
            }
            .first()
        guard let row else { return 0 }
        return try row.decode(column: "count", as: Int.self)
    }
}
