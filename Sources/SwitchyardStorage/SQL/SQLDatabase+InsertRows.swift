import SQLKit
import Synchronization

extension SQLDatabase {
    /// Inserts `rows` into their table, `rowsPerStatement` to a statement, skipping rows whose `conflictColumn`
    /// value is already stored. Run it in a transaction when there are more rows than one statement takes, so that
    /// they are written whole or not at all.
    ///
    /// A statement's text depends only on the dialect, the table, the conflict column and the number of rows, so it
    /// is serialized once for each of those (SQLKit's builders quote every column name of every row anew on each
    /// call — 4–5 % of a sequential call's CPU when each call inserts a ledger row) and later inserts bind their
    /// values to it.
    func insert<Row: BoundRow>(_ rows: [Row], rowsPerStatement: Int, ignoringConflictsOn conflictColumn: String) async throws {
        for start in stride(from: 0, to: rows.count, by: rowsPerStatement) {
            let chunk = rows[start..<min(start + rowsPerStatement, rows.count)]
            let binds = chunk.flatMap(\.columnValues)
            let key = InsertStatements.Key(dialect: dialect.name, table: Row.table, rows: chunk.count, conflictColumn: conflictColumn)
            let sql = InsertStatements.cached(key) ?? InsertStatements.store(
                insertText(Row.self, rows: chunk, ignoringConflictsOn: conflictColumn),
                for: key
            )
            try await execute(sql: BoundStatement(sql: sql, binds: binds)) { _ in }
        }
    }

    /// The text of an insert of `rows`, as SQLKit's builder writes it for this database's dialect.
    private func insertText<Row: BoundRow>(_: Row.Type, rows: ArraySlice<Row>, ignoringConflictsOn conflictColumn: String) -> String {
        let builder = insert(into: Row.table).columns(Row.columns)
        for row in rows {
            builder.values(row.columnValues)
        }
        builder.ignoringConflicts(with: conflictColumn)
        return serialize(builder.query).sql
    }
}

/// The insert statements' texts serialized so far, shared by every database of the process.
private enum InsertStatements {
    struct Key: Hashable {
        var dialect: String
        var table: String
        var rows: Int
        var conflictColumn: String
    }

    private static let texts = Mutex<[Key: String]>([:])

    static func cached(_ key: Key) -> String? {
        texts.withLock { $0[key] }
    }

    static func store(_ text: String, for key: Key) -> String {
        texts.withLock { $0[key] = text }
        return text
    }
}

/// A statement serialized earlier, and the values bound to its placeholders in order.
private struct BoundStatement: SQLExpression {
    let sql: String
    let binds: [any Encodable & Sendable]

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write(sql)
        serializer.binds += binds
    }
}
