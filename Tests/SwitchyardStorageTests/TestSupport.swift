import Foundation
import Logging
@testable import SwitchyardStorage

/// A logger that drops everything, so migrations and queries stay out of test output.
let quietLogger = Logger(label: "switchyard.storage.tests") { _ in SwiftLogNoOpLogHandler() }

/// Runs `body` with a new, empty directory that is removed afterwards.
func withTemporaryDirectory<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("switchyard-storage-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

extension SQLiteStore.Configuration {
    /// A file database named `name` in `directory`, logging nothing.
    static func file(_ name: String = "switchyard.db", in directory: URL) -> Self {
        Self(location: .file(path: directory.appendingPathComponent(name).path), queryLogLevel: nil)
    }
}

extension SQLiteDatabase {
    /// Rows of `sql` run on the writer connection, each non-null column as text, for inspecting the schema.
    func rawRows(_ sql: String) async throws -> [[String: String]] {
        try await writer.withConnection { connection in
            try await connection.query(sql).map { row in
                var values: [String: String] = [:]
                for column in row.columns {
                    values[column.name] = column.data.string
                }
                return values
            }
        }
    }

    /// Runs `sql` on the writer connection, to break the database on purpose.
    func rawExecute(_ sql: String) async throws {
        _ = try await writer.withConnection { connection in
            try await connection.query(sql)
        }
    }
}
