import Foundation
import Hummingbird
import HummingbirdTesting
import SwitchyardCore
import SwitchyardEngine
import Testing

@Suite("Admin API: keys")
struct AdminKeysTests {
    @Test("Creating a key returns it once with its secret and its quotas")
    func create() async throws {
        try await AdminGateway.run { gateway in
            let body = try await gateway.createKey(
                #"""
                {"name":"ci-bot","tenant":"platform","models":["test-model"],"expires_at":"2999-01-31","metadata":{"owner":"ops"},
                 "budget_usd":"12.50","budget_tokens":50000,"budget_window":"day","rpm":60,"tpm":10000,"rpd":1000,"tpd":500000}
                """#
            )
            let id = try #require(body["id"]?.stringValue)
            #expect(id.hasPrefix("key_"))
            #expect(body["name"]?.stringValue == "ci-bot")
            #expect(body["tenant"]?.stringValue == "platform")
            #expect(body["models"] == .array([.string("test-model")]))
            #expect(body[path: "metadata", "owner"]?.stringValue == "ops")
            #expect(body["expires_at"]?.stringValue == "2999-01-31T00:00:00Z")
            #expect(body["state"]?.stringValue == "active")
            #expect(body["created_at"]?.stringValue != nil)
            let secret = try #require(body["secret"]?.stringValue)
            #expect(secret.hasPrefix("sy-"))
            #expect(body["prefix"]?.stringValue == KeySecret.displayPrefix(of: secret))
            #expect(body["secret_hash"] == nil)

            let quotas = try #require(body["quotas"]?.arrayValue)
            #expect(quotas.map { $0["scope"]?.stringValue } == Array(repeating: "key:\(id)", count: 6))
            #expect(quotas.map { $0["kind"]?.stringValue } == ["budget", "budget", "rate_limit", "rate_limit", "rate_limit", "rate_limit"])
            #expect(quotas.map { $0["metric"]?.stringValue } == ["usd", "tokens", "requests", "tokens", "requests", "tokens"])
            #expect(quotas.map { $0["window"]?.stringValue } == ["day", "day", "minute", "minute", "day", "day"])
            #expect(quotas[0]["limit"]?.stringValue == "12.500000000")
            #expect(quotas[1]["limit"]?.intValue == 50000)
            #expect(quotas[2]["limit"]?.intValue == 60)
            #expect(try await gateway.store.quotas().count == 6)

            // The secret works straight away.
            #expect(try await gateway.chat(secret: secret).status == .ok)
        }
    }

    @Test("A budget in dollars may be a number, and the window defaults to the month")
    func numericBudget() async throws {
        try await AdminGateway.run { gateway in
            let body = try await gateway.createKey(#"{"name":"numeric","budget_usd":7.25}"#)
            let quota = try #require(body["quotas"]?.arrayValue?.first)
            #expect(quota["limit"]?.stringValue == "7.250000000")
            #expect(quota["window"]?.stringValue == "month")
        }
    }

    @Test("Listing and showing keys never reveal a secret or a hash; showing includes the key's quotas")
    func listAndShow() async throws {
        try await AdminGateway.run { gateway in
            let created = try await gateway.createKey(#"{"name":"listed","rpm":5}"#)
            let id = try #require(created["id"]?.stringValue)
            let secret = try #require(created["secret"]?.stringValue)
            _ = try await gateway.createKey(#"{"name":"other"}"#)

            let list = try await gateway.admin(.get, "/admin/keys")
            #expect(list.status == .ok)
            let text = String(buffer: list.body)
            #expect(!text.contains(secret))
            #expect(!text.contains(KeySecret.hash(secret)))
            let keys = try #require(try list.json["data"]?.arrayValue)
            #expect(keys.map { $0["name"]?.stringValue } == ["listed", "other"])
            #expect(keys.allSatisfy { $0["secret"] == nil })
            #expect(keys[0]["quotas"]?.arrayValue?.count == 1)

            let shown = try await gateway.admin(.get, "/admin/keys/\(id)")
            #expect(shown.status == .ok)
            #expect(try shown.json["id"]?.stringValue == id)
            #expect(try shown.json["secret"] == nil)
            #expect(try shown.json[path: "quotas", 0, "metric"]?.stringValue == "requests")
            #expect(!String(buffer: shown.body).contains(secret))
        }
    }

    @Test("Revoking answers with the revoked key; its secret then gets a 401 that says revoked")
    func revoke() async throws {
        try await AdminGateway.run { gateway in
            let created = try await gateway.createKey(#"{"name":"doomed"}"#)
            let id = try #require(created["id"]?.stringValue)
            let secret = try #require(created["secret"]?.stringValue)
            #expect(try await gateway.chat(secret: secret).status == .ok)

            let revoked = try await gateway.admin(.delete, "/admin/keys/\(id)")
            #expect(revoked.status == .ok)
            #expect(try revoked.json["state"]?.stringValue == "revoked")
            #expect(try revoked.json["revoked_at"]?.stringValue != nil)

            let refused = try await gateway.chat(secret: secret)
            #expect(refused.status == .unauthorized)
            #expect(refused.errorMessage.contains("revoked"))
        }
    }

    @Test("An expired key gets a 401 that says expired")
    func expired() async throws {
        try await AdminGateway.run { gateway in
            let secret = KeySecret.generate()
            let past = Date(timeIntervalSinceNow: -3600)
            try await gateway.store.insert(
                VirtualKey(
                    id: KeySecret.generateID(),
                    name: "stale",
                    secretHash: KeySecret.hash(secret),
                    secretPrefix: KeySecret.displayPrefix(of: secret),
                    createdAt: past.addingTimeInterval(-60),
                    expiresAt: past
                )
            )
            let refused = try await gateway.chat(secret: secret)
            #expect(refused.status == .unauthorized)
            #expect(refused.errorMessage.contains("expired"))
            let listed = try await gateway.admin(.get, "/admin/keys")
            #expect(try listed.json[path: "data", 0, "state"]?.stringValue == "expired")
        }
    }

    @Test("Rotation: the new secret works at once, the old one gets a 401, the id and quotas stay")
    func rotate() async throws {
        try await AdminGateway.run { gateway in
            let created = try await gateway.createKey(#"{"name":"rotating","rpm":100}"#)
            let id = try #require(created["id"]?.stringValue)
            let old = try #require(created["secret"]?.stringValue)
            // The old secret is now in the authenticator's cache.
            #expect(try await gateway.chat(secret: old).status == .ok)

            let rotated = try await gateway.admin(.post, "/admin/keys/\(id)/rotate")
            #expect(rotated.status == .ok)
            let new = try #require(try rotated.json["secret"]?.stringValue)
            #expect(new != old)
            #expect(try rotated.json["id"]?.stringValue == id)
            #expect(try rotated.json["prefix"]?.stringValue == KeySecret.displayPrefix(of: new))
            #expect(try rotated.json["quotas"]?.arrayValue?.count == 1)

            #expect(try await gateway.chat(secret: new).status == .ok)
            let refused = try await gateway.chat(secret: old)
            #expect(refused.status == .unauthorized)
            #expect(refused.errorMessage.contains("not valid"))
        }
    }

    @Test("Unknown ids are 404; a revoked key cannot be rotated")
    func unknownAndRevoked() async throws {
        try await AdminGateway.run { gateway in
            for (method, path) in [(HTTPRequest.Method.get, "/admin/keys/key_missing"), (.post, "/admin/keys/key_missing/rotate"), (.delete, "/admin/keys/key_missing")] {
                let response = try await gateway.admin(method, path)
                #expect(response.status == .notFound, "\(method) \(path)")
                #expect(response.errorMessage.contains("key_missing"))
                #expect(try response.json[path: "error", "code"]?.stringValue == "not_found")
            }
            let created = try await gateway.createKey(#"{"name":"revoked"}"#)
            let id = try #require(created["id"]?.stringValue)
            #expect(try await gateway.admin(.delete, "/admin/keys/\(id)").status == .ok)
            let rotated = try await gateway.admin(.post, "/admin/keys/\(id)/rotate")
            #expect(rotated.status == .badRequest)
            #expect(rotated.errorMessage.contains("revoked"))
        }
    }

    struct BadBody: Sendable, CustomStringConvertible {
        let description: String
        let body: String
        /// Words the error message must contain.
        let mentions: [String]
    }

    static let badBodies: [BadBody] = [
        BadBody(description: "malformed JSON", body: #"{"name": "x""#, mentions: ["JSON"]),
        BadBody(description: "not an object", body: #"["x"]"#, mentions: ["object"]),
        BadBody(description: "empty body", body: "", mentions: ["empty"]),
        BadBody(description: "missing name", body: #"{"tenant":"t"}"#, mentions: ["name"]),
        BadBody(description: "unknown field", body: #"{"name":"x","budget":"5"}"#, mentions: ["budget", "budget_usd"]),
        BadBody(description: "name of the wrong type", body: #"{"name":42}"#, mentions: ["name", "string"]),
        BadBody(description: "models of the wrong type", body: #"{"name":"x","models":"fast"}"#, mentions: ["models", "array"]),
        BadBody(description: "metadata with a number", body: #"{"name":"x","metadata":{"n":1}}"#, mentions: ["metadata"]),
        BadBody(description: "negative budget", body: #"{"name":"x","budget_usd":"-5"}"#, mentions: ["budget_usd", "greater than zero"]),
        BadBody(description: "zero budget", body: #"{"name":"x","budget_usd":0}"#, mentions: ["budget_usd", "greater than zero"]),
        BadBody(description: "absurd budget", body: #"{"name":"x","budget_usd":"99999999"}"#, mentions: ["budget_usd", "10,000,000"]),
        BadBody(description: "NaN budget", body: #"{"name":"x","budget_usd":"NaN"}"#, mentions: ["budget_usd", "decimal"]),
        BadBody(description: "ten decimals", body: #"{"name":"x","budget_usd":"1.0000000001"}"#, mentions: ["budget_usd", "9"]),
        BadBody(description: "budget of the wrong type", body: #"{"name":"x","budget_usd":true}"#, mentions: ["budget_usd", "boolean"]),
        BadBody(description: "fractional tokens", body: #"{"name":"x","budget_tokens":1.5}"#, mentions: ["budget_tokens", "whole"]),
        BadBody(description: "absurd tokens", body: #"{"name":"x","tpm":100000000000000}"#, mentions: ["tpm", "10^13"]),
        BadBody(description: "negative rpm", body: #"{"name":"x","rpm":-1}"#, mentions: ["rpm", "greater than zero"]),
        BadBody(description: "unknown window", body: #"{"name":"x","budget_usd":"1","budget_window":"week"}"#, mentions: ["budget_window", "month"]),
        BadBody(description: "window without a budget", body: #"{"name":"x","budget_window":"day"}"#, mentions: ["budget_window", "budget_usd"]),
        BadBody(description: "bad expiry", body: #"{"name":"x","expires_at":"next tuesday"}"#, mentions: ["expires_at", "ISO 8601"]),
        BadBody(description: "past expiry", body: #"{"name":"x","expires_at":"2001-01-01"}"#, mentions: ["past"]),
    ]

    @Test("Bad bodies get a 400 naming the field, and create nothing", arguments: badBodies)
    func badBody(_ bad: BadBody) async throws {
        try await AdminGateway.run { gateway in
            let response = try await gateway.admin(.post, "/admin/keys", body: bad.body)
            #expect(response.status == .badRequest)
            #expect(try response.json[path: "error", "code"]?.stringValue == "invalid_request")
            #expect(try response.json[path: "error", "type"]?.stringValue != nil)
            for word in bad.mentions {
                #expect(response.errorMessage.contains(word), "\(response.errorMessage) should mention \(word)")
            }
            #expect(try await gateway.store.allKeys().isEmpty)
            #expect(try await gateway.store.quotas().isEmpty)
        }
    }

    @Test("A name in use by an active key is refused")
    func duplicateName() async throws {
        try await AdminGateway.run { gateway in
            _ = try await gateway.createKey(#"{"name":"twin"}"#)
            let response = try await gateway.admin(.post, "/admin/keys", body: #"{"name":"twin"}"#)
            #expect(response.status == .badRequest)
            #expect(response.errorMessage.contains("twin"))
        }
    }

    @Test("The admin routes need the admin key")
    func adminKey() async throws {
        try await AdminGateway.run { gateway in
            let response = try await gateway.client.execute(uri: "/admin/keys", method: .get, headers: [.authorization: "Bearer wrong"])
            #expect(response.status == .unauthorized)
            let create = try await gateway.client.execute(uri: "/admin/keys", method: .post, body: ByteBuffer(string: #"{"name":"x"}"#))
            #expect(create.status == .unauthorized)
            #expect(try await gateway.store.allKeys().isEmpty)
        }
    }
}
