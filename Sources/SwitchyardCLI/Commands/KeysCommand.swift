import ArgumentParser
import Foundation
import Logging
import SwitchyardCore
import SwitchyardEngine

/// `switchyard keys …`: create, list and revoke virtual keys in the configured store.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage virtual keys.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    /// `switchyard keys create --name NAME`: prints the new secret once, on the last line.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key and print its secret (shown only once, on the last line).")

        @OptionGroup var options: ConfigurationOptions

        @Option(help: "A unique name for the key.")
        var name: String

        @Option(help: "The tenant (team) the key belongs to.")
        var tenant: String?

        @Option(help: "Comma-separated model aliases the key may use (default: all).")
        var models: String?

        @Option(help: "Expiry as an ISO 8601 date or date-time, such as 2027-01-31 or 2027-01-31T12:00:00Z.")
        var expires: String?

        func run() async throws {
            let (configuration, _) = try options.load()
            let expiry = try expires.map(Self.parseDate)
            let allowed = models.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } } ?? []
            let request = KeyIssuer.Request(name: name, tenant: tenant, allowedModels: allowed, expiresAt: expiry)
            let (key, secret) = try await StoreOpener.withStore(configuration.storage, logger: Logger(label: "switchyard.keys")) { store in
                try await KeyIssuer(store: store).issue(request)
            }
            print("Created key \(key.id) named \(key.name)\(key.tenant.map { " for tenant \($0)" } ?? ""). Store the secret now: it is not shown again.")
            print(secret)
        }

        static func parseDate(_ text: String) throws -> Date {
            if let date = try? Date(text, strategy: .iso8601) { return date }
            if let day = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) { return day }
            throw ValidationError("`\(text)` is not an ISO 8601 date such as 2027-01-31 or 2027-01-31T12:00:00Z.")
        }
    }

    /// `switchyard keys list`: one line per key, secrets never shown.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")

        @OptionGroup var options: ConfigurationOptions

        func run() async throws {
            let (configuration, _) = try options.load()
            let keys = try await StoreOpener.withStore(configuration.storage, logger: Logger(label: "switchyard.keys")) { store in
                try await store.allKeys()
            }
            let now = Date()
            for key in keys {
                let state = key.revokedAt != nil ? "revoked" : (key.expiresAt.map { $0 <= now } == true ? "expired" : "active")
                print("\(key.id)\t\(key.name)\t\(key.secretPrefix)…\t\(key.tenant ?? "-")\t\(state)")
            }
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
