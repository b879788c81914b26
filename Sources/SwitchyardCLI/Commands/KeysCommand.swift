import ArgumentParser
import Foundation
import Logging
import SwitchyardCore
import SwitchyardEngine

/// `switchyard keys …`: create, list, rotate and revoke virtual keys in the configured store.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage virtual keys.",
        subcommands: [Create.self, List.self, Rotate.self, Revoke.self]
    )

    /// `switchyard keys create --name NAME [limits]`: prints the new secret once, on the last line.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key, with optional budgets and rate limits, and print its secret (shown only once, on the last line)."
        )

        @OptionGroup var options: ConfigurationOptions

        @Option(help: "A unique name for the key.")
        var name: String

        @Option(help: "The tenant (team) the key belongs to.")
        var tenant: String?

        @Option(help: "Comma-separated model aliases the key may use (default: all).")
        var models: String?

        @Option(help: "Expiry as an ISO 8601 date or date-time, such as 2027-01-31 or 2027-01-31T12:00:00Z.")
        var expires: String?

        @Option(help: "A budget in US dollars, such as 12.50 (up to 9 decimals, at most 10000000).")
        var budgetUsd: String?

        @Option(help: "A budget in cost-weighted tokens.")
        var budgetTokens: String?

        @Option(help: "The window budgets count over: minute, hour, day, month or total (default: month).")
        var budgetWindow: String?

        @Option(help: "Requests per minute.")
        var rpm: String?

        @Option(help: "Cost-weighted tokens per minute.")
        var tpm: String?

        @Option(help: "Requests per day.")
        var rpd: String?

        @Option(help: "Cost-weighted tokens per day.")
        var tpd: String?

        func run() async throws {
            let request = try keyRequest()
            let (configuration, _) = try options.load()
            let issued: IssuedKey
            do {
                issued = try await StoreOpener.withStore(configuration.storage, logger: Logger(label: "switchyard.keys")) { store in
                    try await KeyIssuer(store: store, quotas: store).issue(request)
                }
            } catch let error as SwitchyardError where error.code == .invalidRequest {
                throw ValidationError(error.message)
            }
            let key = issued.key
            print("Created key \(key.id) named \(key.name)\(key.tenant.map { " for tenant \($0)" } ?? ""). Store the secret now: it is not shown again.")
            for quota in issued.quotas {
                print("  \(quota.summary)\t\(quota.id)")
            }
            print(issued.secret)
        }

        /// The request the flags describe; a malformed flag is a usage error naming it.
        func keyRequest() throws -> KeyIssuer.Request {
            do {
                let limits = KeyLimits(
                    budgetNanodollars: try budgetUsd.map { try Quota.parseLimit($0, metric: .usd, field: "--budget-usd") },
                    budgetTokens: try budgetTokens.map { try Quota.parseLimit($0, metric: .tokens, field: "--budget-tokens") },
                    budgetWindow: try budgetWindow.map(Self.parseWindow),
                    requestsPerMinute: try rpm.map { try Quota.parseLimit($0, metric: .requests, field: "--rpm") },
                    tokensPerMinute: try tpm.map { try Quota.parseLimit($0, metric: .tokens, field: "--tpm") },
                    requestsPerDay: try rpd.map { try Quota.parseLimit($0, metric: .requests, field: "--rpd") },
                    tokensPerDay: try tpd.map { try Quota.parseLimit($0, metric: .tokens, field: "--tpd") }
                )
                let allowed = models.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
                return KeyIssuer.Request(name: name, tenant: tenant, allowedModels: allowed, expiresAt: try expires.map(Self.parseDate), limits: limits)
            } catch let error as SwitchyardError {
                throw ValidationError(error.message)
            }
        }

        static func parseDate(_ text: String) throws -> Date {
            guard let date = Date(iso8601Argument: text) else {
                throw ValidationError("`--expires`: `\(text)` is not an ISO 8601 date such as 2027-01-31 or 2027-01-31T12:00:00Z.")
            }
            return date
        }

        static func parseWindow(_ text: String) throws -> QuotaWindow {
            guard let window = QuotaWindow(rawValue: text) else {
                let allowed = QuotaWindow.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("`--budget-window`: `\(text)` is not a window; use one of \(allowed).")
            }
            return window
        }
    }

    /// `switchyard keys list`: one line per key with its quotas, secrets never shown.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys and their quotas (never their secrets).")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let (configuration, _) = try options.load()
            let (keys, quotas) = try await StoreOpener.withStore(configuration.storage, logger: Logger(label: "switchyard.keys")) { store in
                (try await store.allKeys(), try await store.quotas())
            }
            let now = Date()
            for key in keys {
                let state = key.revokedAt != nil ? "revoked" : (key.expiresAt.map { $0 <= now } == true ? "expired" : "active")
                let scope = QuotaScope(.key, key.id)
                let limits = quotas.filter { $0.scope == scope }.map(\.summary).joined(separator: ", ")
                print("\(key.id)\t\(key.name)\t\(key.secretPrefix)…\t\(key.tenant ?? "-")\t\(state)\t\(limits.isEmpty ? "-" : limits)")
            }
        }
    }

    /// `switchyard keys rotate ID`: prints the new secret once, on the last line.
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a key a new secret (the old one stops working) and print it (shown only once, on the last line)."
        )

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The key id, such as key_3f9a0c12.")
        var id: String

        func run() async throws {
            let (configuration, _) = try options.load()
            let issued: IssuedKey
            do {
                issued = try await StoreOpener.withStore(configuration.storage, logger: Logger(label: "switchyard.keys")) { store in
                    try await KeyIssuer(store: store, quotas: store).rotate(id: id)
                }
            } catch let error as SwitchyardError where error.code == .invalidRequest || error.code == .notFound {
                throw ValidationError(error.message)
            }
            print("Rotated key \(issued.key.id) named \(issued.key.name); the old secret no longer works. Store the new secret now: it is not shown again.")
            print(issued.secret)
        }
    }

    /// `switchyard keys revoke ID`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by id.")

        @OptionGroup var options: ConfigurationOptions

        @Argument(help: "The key id, such as key_3f9a0c12.")
        var id: String

        func run() async throws {
            let (configuration, _) = try options.load()
            let revoked = try await StoreOpener.withStore(configuration.storage, logger: Logger(label: "switchyard.keys")) { store in
                try await store.revoke(id: id, at: Date())
            }
            guard revoked else { throw ValidationError("No key has the id \(id).") }
            print("Revoked \(id).")
        }
    }
}
