import Foundation
import SwitchyardCore
import Testing

extension LedgerStoreConformance {
    static func roundTrip(_ store: any LedgerStore) async throws {
        #expect(try await store.entry(requestID: "req_full") == nil)

        let full = LedgerEntry(
            requestID: "req_full",
            recordedAt: Date(timeIntervalSince1970: 1_749_988_800.123),
            day: "2025-06-15",
            keyID: "key_3f9a",
            tenant: "acme/research",
            agent: "Ünïcödé agent 🚂",
            user: "user \"quoted\" 'single'",
            session: "sess_42",
            model: "smart",
            provider: "anthropic",
            deploymentModel: "claude-sonnet-4-5",
            usage: Usage(
                inputTokens: 1_234_567,
                cacheReadTokens: 2_000_000_000,
                cacheWriteTokens: 345,
                cacheWrite1hTokens: 6_789,
                outputTokens: 4_321,
                reasoningTokens: 1_000
            ),
            cost: Money(nanodollars: 9_223_372_036_854_775_000),
            latencyMilliseconds: 12_345,
            overheadMicroseconds: 678,
            outcome: "ok",
            streamed: true
        )
        let minimal = LedgerEntry(
            requestID: "req_minimal",
            recordedAt: Date(timeIntervalSince1970: -14_182_940.001),
            day: "1969-07-20",
            model: "",
            usage: .zero,
            cost: .zero,
            latencyMilliseconds: 0,
            overheadMicroseconds: 0,
            outcome: "invalid_request",
            streamed: false
        )
        let emptyStrings = LedgerEntry(
            requestID: "req_empty",
            recordedAt: epoch,
            day: "2025-06-15",
            keyID: "",
            tenant: "",
            agent: "",
            user: "",
            session: "",
            model: "fast",
            provider: "",
            deploymentModel: "",
            usage: .zero,
            cost: .zero,
            latencyMilliseconds: 1,
            overheadMicroseconds: 1,
            outcome: "cancelled",
            streamed: false
        )
        let fine = entry("req_fine", at: 0.123_456_7)
        try await store.append([full, minimal, emptyStrings, fine])

        #expect(try await store.entry(requestID: full.requestID) == full)
        #expect(try await store.entry(requestID: minimal.requestID) == minimal)
        #expect(try await store.entry(requestID: emptyStrings.requestID) == emptyStrings)
        #expect(try await store.entry(requestID: emptyStrings.requestID)?.tenant == "", "empty stays distinct from nil")
        let storedFine = try #require(try await store.entry(requestID: fine.requestID))
        #expect(abs(storedFine.recordedAt.timeIntervalSince(fine.recordedAt)) < 0.001)
        #expect(storedFine.recordedAt == Date(timeIntervalSince1970: 1_749_988_800.123), "kept to the millisecond")
        #expect(try await store.entry(requestID: "req") == nil)
        #expect(try await store.entry(requestID: "REQ_FULL") == nil)

        try await store.append([])
        #expect(try await store.usage(UsageQuery()).first?.requests == 4)
    }

    static func duplicateRequestID(_ store: any LedgerStore) async throws {
        let first = entry("req_1", cost: 100)
        try await store.append([first, entry("req_2", cost: 200)])

        // A retried batch: the known id is skipped, the new one recorded.
        var retried = first
        retried.cost = Money(nanodollars: 999)
        retried.model = "smart"
        try await store.append([retried, entry("req_3", cost: 300)])
        #expect(try await store.entry(requestID: "req_1") == first)

        // Within one batch, the first entry of an id wins.
        try await store.append([entry("req_4", cost: 400), entry("req_4", cost: 4_000)])
        #expect(try await store.entry(requestID: "req_4")?.cost == Money(nanodollars: 400))

        let total = try await store.usage(UsageQuery())
        #expect(total.map(\.requests) == [4])
        #expect(total.map(\.cost) == [Money(nanodollars: 1_000)])
    }

    static func largeBatch(_ store: any LedgerStore) async throws {
        try await store.append([entry("req_0", cost: 5)])
        // 450 entries, one of them an id recorded before: SQL stores split this batch over several statements.
        let batch = (0..<450).map { entry("req_\($0)", cost: 1) }
        try await store.append(batch)
        let total = try await store.usage(UsageQuery())
        #expect(total.map(\.requests) == [450])
        #expect(total.map(\.cost) == [Money(nanodollars: 5 + 449)])
        #expect(try await store.entry(requestID: "req_449")?.cost == Money(nanodollars: 1))
    }

    static func grandTotal(_ store: any LedgerStore) async throws {
        #expect(try await store.usage(UsageQuery()).isEmpty)
        #expect(try await store.usage(UsageQuery(groupBy: [.model])).isEmpty)

        try await store.append(sampleEntries)
        let expected = UsageSummary(
            group: [:],
            requests: 4,
            errors: 2,
            usage: Usage(
                inputTokens: 600,
                cacheReadTokens: 40,
                cacheWriteTokens: 8,
                cacheWrite1hTokens: 3,
                outputTokens: 130,
                reasoningTokens: 25
            ),
            cost: Money(nanodollars: 1_000_000_003_499)
        )
        #expect(try await store.usage(UsageQuery()) == [expected])
    }

    static func groupedByEachDimension(_ store: any LedgerStore) async throws {
        try await store.append(sampleEntries)
        let req1 = sampleEntries[0].usage
        let req3 = sampleEntries[2].usage

        #expect(
            try await store.usage(UsageQuery(groupBy: [.key])) == [
                UsageSummary(group: [:], requests: 1, errors: 1, usage: .zero, cost: .zero),
                UsageSummary(
                    group: [.key: "key_1"],
                    requests: 2,
                    errors: 1,
                    usage: Usage(inputTokens: 300, cacheReadTokens: 10, cacheWriteTokens: 5, cacheWrite1hTokens: 1, outputTokens: 120, reasoningTokens: 20),
                    cost: Money(nanodollars: 3_500)
                ),
                UsageSummary(group: [.key: "key_2"], requests: 1, errors: 0, usage: req3, cost: Money(nanodollars: 999_999_999_999)),
            ]
        )

        // Requests, errors and cost of each group, in order, for the other dimensions.
        let expectations: [(UsageQuery.Dimension, [([UsageQuery.Dimension: String], Int, Int, Int64)])] = [
            (.tenant, [([:], 1, 1, 0), ([.tenant: "t1"], 2, 1, 3_500), ([.tenant: "t2"], 1, 0, 999_999_999_999)]),
            (.agent, [([:], 2, 2, 2_500), ([.agent: "a1"], 2, 0, 1_000_000_000_999)]),
            (.user, [([:], 2, 1, 999_999_999_999), ([.user: "u1"], 1, 0, 1_000), ([.user: "u2"], 1, 1, 2_500)]),
            (.model, [([.model: "fast"], 3, 1, 1_000_000_000_999), ([.model: "smart"], 1, 1, 2_500)]),
            (
                .provider,
                [([:], 1, 1, 0), ([.provider: "anthropic"], 1, 1, 2_500), ([.provider: "openai"], 2, 0, 1_000_000_000_999)]
            ),
            (.day, [([.day: "2025-06-15"], 2, 1, 3_500), ([.day: "2025-06-16"], 2, 1, 999_999_999_999)]),
        ]
        for (dimension, rows) in expectations {
            let report = try await store.usage(UsageQuery(groupBy: [dimension]))
            #expect(report.map(\.group) == rows.map(\.0), "grouped by \(dimension)")
            #expect(report.map(\.requests) == rows.map(\.1), "grouped by \(dimension)")
            #expect(report.map(\.errors) == rows.map(\.2), "grouped by \(dimension)")
            #expect(report.map(\.cost.nanodollars) == rows.map(\.3), "grouped by \(dimension)")
        }

        let byUser = try await store.usage(UsageQuery(groupBy: [.user]))
        #expect(byUser.map(\.usage) == [req3, req1, sampleEntries[1].usage])
    }

    static func groupedByCombinations(_ store: any LedgerStore) async throws {
        try await store.append(sampleEntries)

        let byTenantAndModel = try await store.usage(UsageQuery(groupBy: [.tenant, .model]))
        #expect(
            byTenantAndModel.map(\.group) == [
                [.model: "fast"],
                [.tenant: "t1", .model: "fast"],
                [.tenant: "t1", .model: "smart"],
                [.tenant: "t2", .model: "fast"],
            ]
        )
        #expect(byTenantAndModel.map(\.requests) == [1, 1, 1, 1])
        #expect(byTenantAndModel.map(\.errors) == [1, 0, 1, 0])

        // The order of the dimensions decides the order of the rows.
        let byModelAndDay = try await store.usage(UsageQuery(groupBy: [.model, .day]))
        #expect(
            byModelAndDay.map(\.group) == [
                [.model: "fast", .day: "2025-06-15"],
                [.model: "fast", .day: "2025-06-16"],
                [.model: "smart", .day: "2025-06-15"],
            ]
        )
        #expect(byModelAndDay.map(\.requests) == [1, 2, 1])
        #expect(byModelAndDay.map(\.usage.inputTokens) == [100, 300, 200])

        let byDayAndModel = try await store.usage(UsageQuery(groupBy: [.day, .model]))
        #expect(
            byDayAndModel.map(\.group) == [
                [.day: "2025-06-15", .model: "fast"],
                [.day: "2025-06-15", .model: "smart"],
                [.day: "2025-06-16", .model: "fast"],
            ]
        )
    }

    static func timeRange(_ store: any LedgerStore) async throws {
        try await store.append(sampleEntries)

        // `since` is inclusive, `until` exclusive: req_2 at +60 s is in, req_3 at exactly +1 day is out.
        let firstDayAfterTheFirstCall = try await store.usage(
            UsageQuery(since: epoch.addingTimeInterval(60), until: epoch.addingTimeInterval(86_400))
        )
        #expect(firstDayAfterTheFirstCall.map(\.requests) == [1])
        #expect(firstDayAfterTheFirstCall.map(\.cost) == [Money(nanodollars: 2_500)])

        let secondDay = try await store.usage(UsageQuery(groupBy: [.key], since: epoch.addingTimeInterval(86_400)))
        #expect(secondDay.map(\.group) == [[:], [.key: "key_2"]])

        let beforeTheSecondCall = try await store.usage(UsageQuery(until: epoch.addingTimeInterval(60)))
        #expect(beforeTheSecondCall.map(\.requests) == [1])
        #expect(beforeTheSecondCall.map(\.usage) == [sampleEntries[0].usage])

        // A millisecond matters.
        #expect(try await store.usage(UsageQuery(since: epoch.addingTimeInterval(86_460.001))).isEmpty)
        #expect(try await store.usage(UsageQuery(since: epoch.addingTimeInterval(86_460))).map(\.requests) == [1])
        #expect(try await store.usage(UsageQuery(until: epoch)).isEmpty)
    }

    static func filters(_ store: any LedgerStore) async throws {
        try await store.append(sampleEntries)

        let tenantByModel = try await store.usage(UsageQuery(groupBy: [.model], filters: [.tenant: "t1"]))
        #expect(tenantByModel.map(\.group) == [[.model: "fast"], [.model: "smart"]])
        #expect(tenantByModel.map(\.cost.nanodollars) == [1_000, 2_500])

        let keyAndModel = try await store.usage(UsageQuery(filters: [.key: "key_1", .model: "fast"]))
        #expect(keyAndModel.map(\.requests) == [1])
        #expect(keyAndModel.map(\.usage) == [sampleEntries[0].usage])

        let byDay = try await store.usage(UsageQuery(groupBy: [.key], filters: [.day: "2025-06-16", .provider: "openai"]))
        #expect(byDay.map(\.group) == [[.key: "key_2"]])

        let agentAndUser = try await store.usage(UsageQuery(filters: [.agent: "a1", .user: "u1"]))
        #expect(agentAndUser.map(\.requests) == [1])

        // Filters match whole values exactly; nothing matches an empty string or a prefix.
        #expect(try await store.usage(UsageQuery(filters: [.tenant: "t"])).isEmpty)
        #expect(try await store.usage(UsageQuery(filters: [.key: ""])).isEmpty)
        #expect(try await store.usage(UsageQuery(filters: [.model: "FAST"])).isEmpty)
    }
}
