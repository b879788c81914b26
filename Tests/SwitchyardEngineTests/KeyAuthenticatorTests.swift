import Foundation
import SwitchyardCore
import SwitchyardEngine
import SwitchyardStorage
import Testing

@Suite("Virtual keys")
struct KeyAuthenticatorTests {
    @Test("Secrets hash with SHA-256 to lowercase hex")
    func hashing() {
        #expect(KeySecret.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test("New secrets are prefixed, long and unique")
    func secrets() {
        let secrets = Set((0..<100).map { _ in KeySecret.generate() })
        #expect(secrets.count == 100)
        #expect(secrets.allSatisfy { $0.hasPrefix("sy-") && $0.count == 51 })
    }

    @Test("With no key, loopback runs open; a closed gateway refuses")
    func openAccess() async throws {
        let store = InMemoryStore()
        let open = KeyAuthenticator(store: store, allowsOpenAccess: true)
        #expect(try await open.authenticate(secret: nil) == .anonymous)
        let closed = KeyAuthenticator(store: store, allowsOpenAccess: false)
        await #expect(throws: SwitchyardError.self) { try await closed.authenticate(secret: nil) }
    }

    @Test("Once a key exists, only that key is accepted, and its principal is returned")
    func issuedKey() async throws {
        let store = InMemoryStore()
        let issued = try await KeyIssuer(store: store).issue(.init(name: "ci-bot", tenant: "platform", allowedModels: ["fast"]))
        let (key, secret) = (issued.key, issued.secret)
        #expect(key.secretHash == KeySecret.hash(secret))
        #expect(try await store.allKeys().allSatisfy { $0.secretHash != secret })

        let authenticator = KeyAuthenticator(store: store, allowsOpenAccess: true)
        let principal = try await authenticator.authenticate(secret: secret)
        #expect(principal.keyID == key.id)
        #expect(principal.tenant == "platform")
        #expect(principal.mayUse(model: "fast"))
        #expect(!principal.mayUse(model: "premium"))
        await #expect(throws: SwitchyardError.self) { try await authenticator.authenticate(secret: nil) }
        await #expect(throws: SwitchyardError.self) { try await authenticator.authenticate(secret: "sy-wrong") }
    }

    @Test("Revoked and expired keys are refused with a message that says so")
    func revokedAndExpired() async throws {
        let store = InMemoryStore()
        let issuer = KeyIssuer(store: store)
        let now = Date()
        let revoked = try await issuer.issue(.init(name: "old"), now: now)
        #expect(try await store.revoke(id: revoked.key.id, at: now))
        let expiringSecret = try await issuer.issue(.init(name: "short", expiresAt: now.addingTimeInterval(60)), now: now).secret

        let authenticator = KeyAuthenticator(store: store, allowsOpenAccess: false)
        do {
            _ = try await authenticator.authenticate(secret: revoked.secret)
            Issue.record("A revoked key was accepted")
        } catch let error as SwitchyardError {
            #expect(error.code == .authenticationFailed)
            #expect(error.message.contains("revoked"))
        }
        do {
            _ = try await authenticator.authenticate(secret: expiringSecret, now: now.addingTimeInterval(120))
            Issue.record("An expired key was accepted")
        } catch let error as SwitchyardError {
            #expect(error.code == .authenticationFailed)
            #expect(error.message.contains("expired"))
        }
    }

    @Test("Issuing refuses an empty name or a past expiry")
    func issuingValidation() async {
        let issuer = KeyIssuer(store: InMemoryStore())
        await #expect(throws: SwitchyardError.self) { try await issuer.issue(.init(name: "  ")) }
        await #expect(throws: SwitchyardError.self) { try await issuer.issue(.init(name: "x", expiresAt: Date(timeIntervalSinceNow: -1))) }
    }
}

@Suite("Open access")
struct OpenAccessTests {
    @Test("Revoking the last key does not reopen a loopback gateway")
    func revokedLastKey() async throws {
        let store = InMemoryStore()
        let key = try await KeyIssuer(store: store).issue(.init(name: "only")).key
        #expect(try await store.revoke(id: key.id, at: Date()))
        let authenticator = KeyAuthenticator(store: store, allowsOpenAccess: true)
        await #expect(throws: SwitchyardError.self) { try await authenticator.authenticate(secret: nil) }
    }
}
