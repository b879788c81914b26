import Foundation
import Logging
import PostgresNIO
import SwitchyardCore

extension PostgresStore {
    /// How to reach the PostgreSQL server and how many connections to keep.
    ///
    /// ```swift
    /// var configuration = try PostgresStore.Configuration(url: "postgres://switchyard:secret@db:5432/switchyard")
    /// configuration.maximumConnections = 8
    /// ```
    public struct Configuration: Sendable {
        /// Whether the connection is encrypted, as libpq's `sslmode` says it.
        public enum TLSMode: String, Sendable, Hashable {
            /// Plain TCP.
            case disable
            /// TLS when the server offers it, plain TCP otherwise (libpq's default).
            case prefer
            /// TLS or no connection; the server's certificate is verified against the system's trust roots.
            case require
        }

        /// The server's host name or address.
        public var host: String
        /// The server's port. Default 5432.
        public var port: Int
        /// The role to log in as.
        public var username: String
        /// The role's password; `nil` when the server needs none.
        public var password: String?
        /// The database to use; `nil` for the one named after ``username``.
        public var database: String?
        /// Whether the connection is encrypted. Default ``TLSMode/prefer``; set with `?sslmode=` in the URL.
        public var tls: TLSMode

        /// How many connections the store keeps open at most. Default 5: leases, ledger batches and key lookups
        /// are short statements, and every replica holds its own pool.
        public var maximumConnections: Int

        /// How long opening a connection may take before it fails. Default 10 seconds.
        public var connectTimeout: Duration

        /// The level at which each SQL statement is logged, or `nil` for none. Default `trace`.
        ///
        /// Statements carry secret hashes (never secrets) as bound values.
        public var queryLogLevel: Logger.Level?

        /// Creates a configuration for the server at `host`.
        public init(
            host: String,
            port: Int = 5432,
            username: String,
            password: String? = nil,
            database: String? = nil,
            tls: TLSMode = .prefer,
            maximumConnections: Int = 5,
            connectTimeout: Duration = .seconds(10),
            queryLogLevel: Logger.Level? = .trace
        ) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.tls = tls
            self.maximumConnections = maximumConnections
            self.connectTimeout = connectTimeout
            self.queryLogLevel = queryLogLevel
        }

        /// Creates a configuration from a storage URL, the form the `storage.url` setting takes:
        /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (or `postgresql://`), with an optional
        /// `?sslmode=disable|prefer|require`. User and password may be percent-encoded; the port defaults to 5432.
        ///
        /// - Throws: ``SwitchyardError`` (`invalidRequest`) when `url` is not a PostgreSQL URL, names no host or
        ///   user, or has an unknown `sslmode`.
        public init(url: String) throws {
            let expected = "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE."
            guard let components = URLComponents(string: url),
                let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql"
            else {
                throw SwitchyardError.invalidRequest("The storage URL is not a PostgreSQL URL; \(expected)")
            }
            guard let host = components.host, !host.isEmpty else {
                throw SwitchyardError.invalidRequest("The PostgreSQL storage URL names no host; \(expected)")
            }
            guard let username = components.user, !username.isEmpty else {
                throw SwitchyardError.invalidRequest("The PostgreSQL storage URL names no user; \(expected)")
            }
            var tls = TLSMode.prefer
            for item in components.queryItems ?? [] where item.name == "sslmode" {
                guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                    throw SwitchyardError.invalidRequest(
                        "The PostgreSQL storage URL has sslmode '\(item.value ?? "")'; expected disable, prefer or require."
                    )
                }
                tls = mode
            }
            let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
            self.init(
                host: host,
                port: components.port ?? 5432,
                username: username,
                password: components.password,
                database: database.isEmpty ? nil : database,
                tls: tls
            )
        }

        /// The server in words, as error messages name it (never with the password).
        var serverDescription: String {
            "the PostgreSQL database \(database ?? username) at \(host):\(port)"
        }

        /// The configuration of a single connection outside the pool.
        ///
        /// - Throws: What NIOSSL throws when it cannot create a TLS context.
        var connectionConfiguration: PostgresConnection.Configuration {
            get throws {
                let connectionTLS: PostgresConnection.Configuration.TLS =
                    switch tls {
                    case .disable: .disable
                    case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
                    case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
                    }
                var configuration = PostgresConnection.Configuration(
                    host: host,
                    port: port,
                    username: username,
                    password: password,
                    database: database,
                    tls: connectionTLS
                )
                configuration.options.connectTimeout = .nanoseconds(
                    Int64(min(max(0, connectTimeout / .nanoseconds(1)), Double(Int64.max)))
                )
                return configuration
            }
        }

        /// The connection pool's configuration.
        var clientConfiguration: PostgresClient.Configuration {
            let clientTLS: PostgresClient.Configuration.TLS =
                switch tls {
                case .disable: .disable
                case .prefer: .prefer(.makeClientConfiguration())
                case .require: .require(.makeClientConfiguration())
                }
            var configuration = PostgresClient.Configuration(
                host: host,
                port: port,
                username: username,
                password: password,
                database: database,
                tls: clientTLS
            )
            configuration.options.maximumConnections = max(1, maximumConnections)
            configuration.options.connectTimeout = connectTimeout
            return configuration
        }
    }
}
