import Foundation
import Logging
import PostgresNIO
import SwitchyardStorage
import Testing

/// The PostgreSQL server the tests use, from `SWITCHYARD_TEST_POSTGRES_URL` (which `scripts/test.sh` sets after
/// starting a server with `scripts/postgres.sh`); `nil` when unset, and the PostgreSQL suites are skipped.
enum PostgresTestDatabase {
    static let environmentVariable = "SWITCHYARD_TEST_POSTGRES_URL"

    static let url: String? = ProcessInfo.processInfo.environment[environmentVariable].flatMap { $0.isEmpty ? nil : $0 }

    static let skipReason: Comment = """
        PostgreSQL tests are skipped: set SWITCHYARD_TEST_POSTGRES_URL=postgres://USER:PASSWORD@HOST:PORT/DATABASE \
        (scripts/test.sh starts a server with scripts/postgres.sh and sets it).
        """

    /// Runs `body` with the configuration of a new, empty database on the test server, dropped afterwards, so that
    /// tests never see each other's rows.
    static func withEmptyDatabase<Result>(
        _ body: (PostgresStore.Configuration) async throws -> Result
    ) async throws -> Result {
        guard let url else { throw MissingServerError() }
        var server = try PostgresStore.Configuration(url: url)
        server.queryLogLevel = nil
        let name = "switchyard_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await execute("CREATE DATABASE \(name)", on: server)
        var configuration = server
        configuration.database = name
        let result: Result
        do {
            result = try await body(configuration)
        } catch {
            try await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server)
            throw error
        }
        try await execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server)
        return result
    }

    /// Runs one statement on the database `server` names, over plain TCP (the test server has no TLS).
    static func execute(_ sql: String, on server: PostgresStore.Configuration) async throws {
        let connection = try await PostgresConnection.connect(
            configuration: PostgresConnection.Configuration(
                host: server.host,
                port: server.port,
                username: server.username,
                password: server.password,
                database: server.database,
                tls: .disable
            ),
            id: 1,
            logger: quietLogger
        )
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: quietLogger)
        } catch {
            try? await connection.close()
            throw error
        }
        try await connection.close()
    }

    struct MissingServerError: Error, CustomStringConvertible {
        var description: String { "SWITCHYARD_TEST_POSTGRES_URL is not set" }
    }
}
