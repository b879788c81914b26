import SQLKit

/// One step of a schema's history: a version, a name for logs, and the statements that take a database from the
/// previous version to this one.
///
/// Migrations are written with SQLKit's dialect-neutral builders where they can be, so the SQLite and (later)
/// PostgreSQL stores share them. A migration that has shipped is never edited; a change is a new migration.
struct SQLMigration: Sendable {
    /// The schema version this migration produces; versions run 1, 2, 3, … without gaps.
    var version: Int
    /// A short snake_case name, recorded in `schema_migrations` and in logs.
    var name: String
    /// Applies the migration; runs inside a transaction that the migrator opens and commits.
    var apply: @Sendable (any SQLDatabase) async throws -> Void
}
