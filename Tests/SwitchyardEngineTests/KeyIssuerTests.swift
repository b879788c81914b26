import Foundation
import Synchronization
import SwitchyardCore
import SwitchyardEngine
import SwitchyardStorage
import Testing

@Suite("Issuing and rotating keys")
struct KeyIssuerTests {
    @Test("Limits become quotas scoped to the new key, budgets over the chosen window")
    func limitsBecomeQuotas() async throws {
        let store = InMemoryStore()
        let limits = KeyLimits(budgetNanodollars: 12_500_000_000, budgetTokens: 50_000, budgetWindow: .day, requestsPerMinute: 60, tokensPerDay: 1_000_000)
        let issued = try await KeyIssuer(store: store, quotas: store).issue(.init(name: "ci-bot", limits: limits))
        let scope = QuotaScope(.key, issued.key.id)
        let stored = try await store.quotas()
        #expect(stored == issued.quotas)
        #expect(stored.map(\.scope) == Array(repeating: scope, count: 4))
        #expect(stored.map(\.kind) == [.budget, .budget, .rateLimit, .rateLimit])
        #expect(stored.map(\.metric) == [.usd, .tokens, .requests, .tokens])
        #expect(stored.map(\.limit) == [12_500_000_000, 50_000, 60, 1_000_000])
        #expect(stored.map(\.window) == [.day, .day, .minute, .day])
        #expect(stored.allSatisfy { $0.id.hasPrefix("quota_") })
        #expect(Set(stored.map(\.id)).count == 4)
        #expect(try await store.quotas(ofKey: issued.key.id) == stored)
    }

    @Test("A budget with no window counts per month")
    func defaultWindow() async throws {
        let store = InMemoryStore()
        let issued = try await KeyIssuer(store: store, quotas: store).issue(.init(name: "monthly", limits: KeyLimits(budgetNanodollars: 1_000_000_000)))
        #expect(issued.quotas.map(\.window) == [.month])
    }

    @Test("A bad limit creates neither the key nor any quota", arguments: [
        KeyLimits(budgetNanodollars: 5_000_000_000, requestsPerMinute: 0),
        KeyLimits(budgetNanodollars: -1),
        KeyLimits(budgetNanodollars: Quota.maximumUSD + 1),
        KeyLimits(budgetTokens: Quota.maximumTokens + 1),
        KeyLimits(requestsPerDay: Quota.maximumRequests + 1),
        KeyLimits(budgetWindow: .day),
    ])
    func badLimitCreatesNothing(limits: KeyLimits) async throws {
        let store = InMemoryStore()
        await #expect(throws: SwitchyardError.self) {
            try await KeyIssuer(store: store, quotas: store).issue(.init(name: "bad", limits: limits))
        }
        #expect(try await store.allKeys().isEmpty)
        #expect(try await store.quotas().isEmpty)
    }

    @Test("Limits on a store that keeps no quotas are refused before the key is stored")
    func limitsWithoutQuotaStore() async throws {
        let store = InMemoryStore()
        let error = await #expect(throws: SwitchyardError.self) {
            try await KeyIssuer(store: store).issue(.init(name: "x", limits: KeyLimits(requestsPerMinute: 10)))
        }
        #expect(error?.message.contains("keeps no quotas") == true)
        #expect(try await store.allKeys().isEmpty)
    }

    @Test("When the store fails part way, the stored quotas are deleted and the key revoked")
    func partialFailureIsUndone() async throws {
        let store = InMemoryStore()
        let failing = QuotaStoreFailingOnSecondInsert(store: store)
        await #expect(throws: SwitchyardError.self) {
            try await KeyIssuer(store: store, quotas: failing).issue(.init(name: "half", limits: KeyLimits(budgetNanodollars: 1_000_000_000, requestsPerMinute: 5)))
        }
        #expect(try await store.quotas().isEmpty)
        let keys = try await store.allKeys()
        #expect(keys.count == 1)
        #expect(keys.first?.revokedAt != nil)
    }

    @Test("Rotation replaces the secret and keeps the id and quotas; the old secret stops working")
    func rotation() async throws {
        let store = InMemoryStore()
        let issuer = KeyIssuer(store: store, quotas: store)
        let issued = try await issuer.issue(.init(name: "rotating", limits: KeyLimits(requestsPerMinute: 30)))
        let rotated = try await issuer.rotate(id: issued.key.id)
        #expect(rotated.key.id == issued.key.id)
        #expect(rotated.secret != issued.secret)
        #expect(rotated.quotas == issued.quotas)
        #expect(rotated.key.secretPrefix == KeySecret.displayPrefix(of: rotated.secret))

        let authenticator = KeyAuthenticator(store: store, allowsOpenAccess: false)
        #expect(try await authenticator.authenticate(secret: rotated.secret).keyID == issued.key.id)
        await #expect(throws: SwitchyardError.self) { try await authenticator.authenticate(secret: issued.secret) }
    }

    @Test("An unknown key is not found; a revoked key cannot be rotated")
    func rotationRefusals() async throws {
        let store = InMemoryStore()
        let issuer = KeyIssuer(store: store)
        let unknown = await #expect(throws: SwitchyardError.self) { try await issuer.rotate(id: "key_missing") }
        #expect(unknown?.code == .notFound)

        let issued = try await issuer.issue(.init(name: "gone"))
        #expect(try await store.revoke(id: issued.key.id, at: Date()))
        let revoked = await #expect(throws: SwitchyardError.self) { try await issuer.rotate(id: issued.key.id) }
        #expect(revoked?.code == .invalidRequest)
        #expect(revoked?.message.contains("revoked") == true)
        #expect(try await store.key(id: issued.key.id)?.secretHash == KeySecret.hash(issued.secret))
    }

    @Test("Invalidating a key makes a rotation count at once despite the cache")
    func invalidation() async throws {
        let store = InMemoryStore()
        let issuer = KeyIssuer(store: store)
        let issued = try await issuer.issue(.init(name: "cached"))
        let authenticator = KeyAuthenticator(store: store, allowsOpenAccess: false, cacheLifetime: .seconds(3600))
        _ = try await authenticator.authenticate(secret: issued.secret)
        _ = try await issuer.rotate(id: issued.key.id)
        // Still cached: the store is not asked again within the lifetime.
        #expect(try await authenticator.authenticate(secret: issued.secret).keyID == issued.key.id)
        authenticator.invalidate(keyID: issued.key.id)
        await #expect(throws: SwitchyardError.self) { try await authenticator.authenticate(secret: issued.secret) }
    }
}

/// Forwards to an in-memory store but fails the second quota insert, as a database might part way through.
private final class QuotaStoreFailingOnSecondInsert: QuotaStore {
    let store: InMemoryStore
    private let inserts = Mutex(0)

    init(store: InMemoryStore) {
        self.store = store
    }

    func insertQuota(_ quota: Quota) async throws {
        let count = inserts.withLock { count in
            count += 1
            return count
        }
        guard count < 2 else {
            throw SwitchyardError(code: .internalError, message: "The store failed: saving the quota.")
        }
        try await store.insertQuota(quota)
    }

    func quotas() async throws -> [Quota] { try await store.quotas() }
    func deleteQuota(id: String) async throws -> Bool { try await store.deleteQuota(id: id) }
    func lease(_ counter: QuotaCounterID, limit: Int64, amount: Int64, minimum: Int64) async throws -> Int64 {
        try await store.lease(counter, limit: limit, amount: amount, minimum: minimum)
    }
    func overdraw(_ counter: QuotaCounterID, limit: Int64, amount: Int64) async throws {
        try await store.overdraw(counter, limit: limit, amount: amount)
    }
    func release(_ counter: QuotaCounterID, amount: Int64) async throws { try await store.release(counter, amount: amount) }
    func recordConsumption(_ amounts: [QuotaCounterID: QuotaConsumption]) async throws -> [QuotaCounterID: QuotaCounterState] {
        try await store.recordConsumption(amounts)
    }
    func counter(_ id: QuotaCounterID) async throws -> QuotaCounterState? { try await store.counter(id) }
    func claimAlert(_ counter: QuotaCounterID, percent: Int) async throws -> Bool { try await store.claimAlert(counter, percent: percent) }
}
