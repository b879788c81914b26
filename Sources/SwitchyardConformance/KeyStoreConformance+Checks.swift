import Foundation
import SwitchyardCore
import Testing

extension KeyStoreConformance {
    static func insertAndLookUp(_ store: any KeyStore) async throws {
        let first = sampleKey(1)
        let second = sampleKey(2)
        let retired = sampleKey(
            3,
            expiresAt: epoch.addingTimeInterval(-60),
            revokedAt: epoch.addingTimeInterval(-30)
        )
        try await store.insert(first)
        try await store.insert(second)
        try await store.insert(retired)

        #expect(try await store.key(secretHash: first.secretHash) == first)
        #expect(try await store.key(secretHash: second.secretHash) == second)
        #expect(try await store.key(id: first.id) == first)
        #expect(try await store.key(id: second.id) == second)
        #expect(try await store.key(secretHash: retired.secretHash) == retired)
        #expect(try await store.key(id: retired.id) == retired)

        #expect(try await store.key(secretHash: hexHash(999)) == nil)
        #expect(try await store.key(id: "key_999") == nil)
        // Lookups match whole values, not prefixes or other columns.
        #expect(try await store.key(secretHash: String(first.secretHash.dropLast())) == nil)
        #expect(try await store.key(id: first.secretHash) == nil)
        #expect(try await store.key(secretHash: first.id) == nil)
    }

    static func listOrder(_ store: any KeyStore) async throws {
        #expect(try await store.allKeys().isEmpty)

        let newest = sampleKey(1, createdAt: epoch.addingTimeInterval(300))
        let oldest = sampleKey(2, createdAt: epoch.addingTimeInterval(-300))
        let middle = sampleKey(3, createdAt: epoch, revokedAt: epoch.addingTimeInterval(10))
        for key in [newest, oldest, middle] {
            try await store.insert(key)
        }

        #expect(try await store.allKeys() == [oldest, middle, newest])
    }

    static func duplicateID(_ store: any KeyStore) async throws {
        let original = sampleKey(1)
        try await store.insert(original)

        var duplicate = sampleKey(2)
        duplicate.id = original.id
        let error = await #expect(throws: SwitchyardError.self) {
            try await store.insert(duplicate)
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("id") == true)
        #expect(error?.message.contains(original.id) == true)

        #expect(try await store.allKeys() == [original])
        #expect(try await store.key(secretHash: duplicate.secretHash) == nil)
    }

    static func duplicateSecretHash(_ store: any KeyStore) async throws {
        let original = sampleKey(1)
        try await store.insert(original)

        var duplicate = sampleKey(2)
        duplicate.secretHash = original.secretHash
        let error = await #expect(throws: SwitchyardError.self) {
            try await store.insert(duplicate)
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("secret hash") == true)

        #expect(try await store.allKeys() == [original])
        #expect(try await store.key(id: duplicate.id) == nil)
        #expect(try await store.key(secretHash: original.secretHash) == original)
    }

    static func duplicateActiveName(_ store: any KeyStore) async throws {
        let original = sampleKey(1, name: "ci-bot")
        try await store.insert(original)

        let duplicate = sampleKey(2, name: "ci-bot")
        let error = await #expect(throws: SwitchyardError.self) {
            try await store.insert(duplicate)
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("name") == true)
        #expect(error?.message.contains("ci-bot") == true)

        #expect(try await store.allKeys() == [original])
        #expect(try await store.key(id: duplicate.id) == nil)

        // Names are compared exactly.
        let otherCase = sampleKey(3, name: "CI-bot")
        try await store.insert(otherCase)
        #expect(try await store.key(id: otherCase.id) == otherCase)
    }

    static func revokedNameReuse(_ store: any KeyStore) async throws {
        let original = sampleKey(1, name: "ci-bot")
        try await store.insert(original)
        #expect(try await store.revoke(id: original.id, at: epoch.addingTimeInterval(60)))

        let replacement = sampleKey(2, name: "ci-bot")
        try await store.insert(replacement)

        // The replacement is active, so the name is taken again.
        let third = sampleKey(3, name: "ci-bot")
        let error = await #expect(throws: SwitchyardError.self) {
            try await store.insert(third)
        }
        #expect(error?.code == .invalidRequest)

        // A key stored already revoked does not take the name.
        let archived = sampleKey(4, name: "ci-bot", revokedAt: epoch)
        try await store.insert(archived)

        var revokedOriginal = original
        revokedOriginal.revokedAt = epoch.addingTimeInterval(60)
        #expect(try await store.allKeys() == [revokedOriginal, replacement, archived])
    }

    static func revoke(_ store: any KeyStore) async throws {
        let key = sampleKey(1)
        let bystander = sampleKey(2)
        try await store.insert(key)
        try await store.insert(bystander)

        #expect(try await store.revoke(id: "key_999", at: epoch) == false)
        #expect(try await store.key(id: "key_999") == nil)

        let firstDate = epoch.addingTimeInterval(120)
        #expect(try await store.revoke(id: key.id, at: firstDate))
        #expect(try await store.key(id: key.id)?.revokedAt == firstDate)
        #expect(try await store.key(secretHash: key.secretHash)?.revokedAt == firstDate)

        #expect(try await store.revoke(id: key.id, at: firstDate.addingTimeInterval(3600)))
        #expect(try await store.key(id: key.id)?.revokedAt == firstDate)

        // Revoking changes that key's revocation date only.
        var expected = key
        expected.revokedAt = firstDate
        #expect(try await store.key(id: key.id) == expected)
        #expect(try await store.key(id: bystander.id) == bystander)
    }

    static func activeKeyCount(_ store: any KeyStore) async throws {
        let now = epoch.addingTimeInterval(1000)
        #expect(try await store.activeKeyCount(at: now) == 0)
        #expect(try await store.keyCount() == 0)

        let keys = [
            sampleKey(1),
            sampleKey(2, expiresAt: now.addingTimeInterval(60)),
            sampleKey(3, expiresAt: now.addingTimeInterval(-60)),
            sampleKey(4, expiresAt: now),
            sampleKey(5, revokedAt: now.addingTimeInterval(-10)),
            sampleKey(6, expiresAt: now.addingTimeInterval(60), revokedAt: now.addingTimeInterval(-10)),
        ]
        for key in keys {
            try await store.insert(key)
        }

        // key 1 never expires, key 2 later; key 3 expired a minute ago, key 4 exactly now; 5 and 6 are revoked.
        #expect(try await store.activeKeyCount(at: now) == 2)
        #expect(try await store.activeKeyCount(at: now.addingTimeInterval(-0.001)) == 3)
        #expect(try await store.activeKeyCount(at: now.addingTimeInterval(-61)) == 4)
        #expect(try await store.activeKeyCount(at: now.addingTimeInterval(61)) == 1)

        #expect(try await store.revoke(id: "key_1", at: now))
        #expect(try await store.activeKeyCount(at: now) == 1)
        #expect(try await store.activeKeyCount(at: now.addingTimeInterval(-61)) == 3)
        #expect(try await store.keyCount() == 6, "revoked and expired keys still count as issued")
    }

    static func roundTrip(_ store: any KeyStore) async throws {
        let full = VirtualKey(
            id: "key_full",
            name: "Ünïcödé — team's \"bot\" 🚂",
            tenant: "acme/research",
            secretHash: hexHash(0xfeed),
            secretPrefix: "sy-AbCd",
            allowedModels: ["fast", "smart", "claude-haiku-4-5", "gpt-4o/mini", "模型"],
            metadata: [
                "owner": "ops@example.com",
                "quote": "say \"hi\"",
                "path": "a/b\\c",
                "multiline": "one\ntwo\tthree",
                "emoji": "🚂",
                "empty": "",
                "json": "{\"not\": \"parsed\"}",
            ],
            createdAt: epoch,
            expiresAt: epoch.addingTimeInterval(86_400 * 365),
            revokedAt: epoch.addingTimeInterval(3600)
        )
        let minimal = VirtualKey(
            id: "key_minimal",
            name: "minimal",
            tenant: nil,
            secretHash: hexHash(0xbeef),
            secretPrefix: "",
            allowedModels: [],
            metadata: [:],
            createdAt: epoch.addingTimeInterval(1),
            expiresAt: nil,
            revokedAt: nil
        )
        let emptyStrings = VirtualKey(
            id: "key_empty_strings",
            name: "",
            tenant: "",
            secretHash: hexHash(0xcafe),
            secretPrefix: "sy-",
            allowedModels: [""],
            metadata: ["": ""],
            createdAt: epoch.addingTimeInterval(2)
        )

        for key in [full, minimal, emptyStrings] {
            try await store.insert(key)
        }
        for key in [full, minimal, emptyStrings] {
            #expect(try await store.key(id: key.id) == key)
            #expect(try await store.key(secretHash: key.secretHash) == key)
        }
        // An empty tenant stays distinct from no tenant.
        #expect(try await store.key(id: emptyStrings.id)?.tenant == "")
        #expect(try await store.key(id: minimal.id)?.tenant == nil)
        // The order of allowed models is kept.
        #expect(try await store.key(id: full.id)?.allowedModels == full.allowedModels)
        #expect(try await store.allKeys() == [full, minimal, emptyStrings])
    }

    static func millisecondPrecision(_ store: any KeyStore) async throws {
        // Whole milliseconds come back exactly: after 1970, before it, and far ahead.
        let exact = VirtualKey(
            id: "key_exact",
            name: "exact",
            secretHash: hexHash(1),
            secretPrefix: "sy-1",
            createdAt: Date(timeIntervalSince1970: 1_749_988_800.123),
            expiresAt: Date(timeIntervalSince1970: 4_102_444_799.999),
            revokedAt: Date(timeIntervalSince1970: -14_182_940.001)
        )
        try await store.insert(exact)
        #expect(try await store.key(id: exact.id) == exact)

        // Finer dates come back within a millisecond.
        let fine = VirtualKey(
            id: "key_fine",
            name: "fine",
            secretHash: hexHash(2),
            secretPrefix: "sy-2",
            createdAt: Date(timeIntervalSince1970: 1_749_988_800.123_456_7),
            expiresAt: Date(timeIntervalSince1970: 1_749_988_900.000_4),
            revokedAt: Date(timeIntervalSince1970: 1_749_988_850.999_6)
        )
        try await store.insert(fine)
        let stored = try #require(try await store.key(id: fine.id))
        #expect(abs(stored.createdAt.timeIntervalSince(fine.createdAt)) < 0.001)
        #expect(abs(try #require(stored.expiresAt).timeIntervalSince(try #require(fine.expiresAt))) < 0.001)
        #expect(abs(try #require(stored.revokedAt).timeIntervalSince(try #require(fine.revokedAt))) < 0.001)

        let revokedAt = Date(timeIntervalSince1970: 1_749_990_000.456)
        #expect(try await store.revoke(id: exact.id, at: revokedAt) == true)
        #expect(try await store.key(id: exact.id)?.revokedAt == exact.revokedAt)
        let other = sampleKey(3)
        try await store.insert(other)
        #expect(try await store.revoke(id: other.id, at: revokedAt))
        #expect(try await store.key(id: other.id)?.revokedAt == revokedAt)
    }

    static func concurrentInserts(_ store: any KeyStore) async throws {
        let keys = (1...50).map { sampleKey($0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for key in keys {
                group.addTask { try await store.insert(key) }
            }
            try await group.waitForAll()
        }
        #expect(try await store.allKeys() == keys)
        #expect(try await store.activeKeyCount(at: epoch) == 50)
        for key in keys {
            #expect(try await store.key(secretHash: key.secretHash) == key)
        }

        let contenders = (100..<110).map { number in
            var key = sampleKey(number)
            key.id = "key_contested"
            return key
        }
        let outcomes = await withTaskGroup(of: Result<VirtualKey, any Error>.self) { group in
            for key in contenders {
                group.addTask {
                    do {
                        try await store.insert(key)
                        return .success(key)
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var outcomes: [Result<VirtualKey, any Error>] = []
            for await outcome in group {
                outcomes.append(outcome)
            }
            return outcomes
        }
        let winners = outcomes.compactMap { try? $0.get() }
        #expect(winners.count == 1)
        for case .failure(let error) in outcomes {
            #expect((error as? SwitchyardError)?.code == .invalidRequest)
        }
        let stored = try await store.key(id: "key_contested")
        #expect(stored != nil && stored == winners.first)
        #expect(try await store.allKeys().count == 51)
    }

    static func replaceSecret(_ store: any KeyStore) async throws {
        let key = sampleKey(1)
        let bystander = sampleKey(2)
        let revoked = sampleKey(3, revokedAt: epoch)
        for stored in [key, bystander, revoked] {
            try await store.insert(stored)
        }

        #expect(try await store.replaceSecret(id: key.id, secretHash: hexHash(0x101), secretPrefix: "sy-new"))
        var rotated = key
        rotated.secretHash = hexHash(0x101)
        rotated.secretPrefix = "sy-new"
        #expect(try await store.key(secretHash: key.secretHash) == nil, "the old secret stops working at once")
        #expect(try await store.key(secretHash: rotated.secretHash) == rotated)
        #expect(try await store.key(id: key.id) == rotated)

        // Unknown and revoked keys are not rotated.
        #expect(try await store.replaceSecret(id: "key_999", secretHash: hexHash(0x102), secretPrefix: "sy-x") == false)
        #expect(try await store.replaceSecret(id: revoked.id, secretHash: hexHash(0x103), secretPrefix: "sy-x") == false)
        #expect(try await store.key(id: revoked.id) == revoked)
        #expect(try await store.key(secretHash: hexHash(0x103)) == nil)

        // Another key's secret hash is refused and changes nothing.
        let error = await #expect(throws: SwitchyardError.self) {
            _ = try await store.replaceSecret(id: key.id, secretHash: bystander.secretHash, secretPrefix: "sy-2")
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("secret hash") == true)
        #expect(try await store.key(id: key.id) == rotated)
        #expect(try await store.key(secretHash: bystander.secretHash) == bystander)

        // Rotating twice keeps only the latest secret.
        #expect(try await store.replaceSecret(id: key.id, secretHash: hexHash(0x104), secretPrefix: "sy-newer"))
        #expect(try await store.key(secretHash: rotated.secretHash) == nil)
        #expect(try await store.key(secretHash: hexHash(0x104))?.id == key.id)
        #expect(try await store.allKeys().count == 3)
    }
}
