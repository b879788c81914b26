import Foundation
import SwitchyardCore
import Testing

/// The behaviour every ``SwitchyardCore/LedgerStore`` must show, as checks a test runs against each implementation.
///
/// Each ``Check`` records failures with Swift Testing's `#expect`, so it must run inside a `@Test`; give each check a
/// fresh, empty store:
///
/// ```swift
/// @Test(arguments: LedgerStoreConformance.Check.allCases)
/// func conformance(_ check: LedgerStoreConformance.Check) async throws {
///     try await check.run(on: InMemoryStore())
/// }
/// ```
///
/// The rules the checks hold a store to, beyond the protocol's documentation:
/// - Dates come back to the millisecond; `since` is inclusive and `until` exclusive.
/// - An entry whose request id is recorded — earlier or in the same batch — is skipped; the first one stays.
/// - Report rows are ordered by their grouped values, a missing value sorting as the empty string; a missing value
///   is absent from the row's `group`. A report over no entries has no rows.
/// - `errors` counts outcomes other than `ok` and `cancelled`; every usage kind and the cost are summed exactly.
public enum LedgerStoreConformance {
    /// One behaviour of a ledger store.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Every field of an entry comes back from `entry(requestID:)`, dates to the millisecond.
        case roundTrip
        /// A request id already recorded is skipped, across batches and within one.
        case duplicateRequestID
        /// A batch larger than one statement carries (450 entries) is recorded whole, duplicates skipped.
        case largeBatch
        /// One grand total over every entry, and none over an empty ledger.
        case grandTotal
        /// Totals grouped by each dimension, ordered by value.
        case groupedByEachDimension
        /// Totals grouped by two dimensions at once.
        case groupedByCombinations
        /// `since` and `until` bound the entries by `recordedAt`.
        case timeRange
        /// Filters keep entries whose dimension equals the value.
        case filters

        /// The check's name, as test reports show it.
        public var description: String { rawValue }

        /// Runs the check against `store`, which must be empty; records failures with `#expect`.
        ///
        /// - Throws: What the store throws where the check expects success, or an error from `#require`.
        public func run(on store: any LedgerStore) async throws {
            switch self {
            case .roundTrip: try await LedgerStoreConformance.roundTrip(store)
            case .duplicateRequestID: try await LedgerStoreConformance.duplicateRequestID(store)
            case .largeBatch: try await LedgerStoreConformance.largeBatch(store)
            case .grandTotal: try await LedgerStoreConformance.grandTotal(store)
            case .groupedByEachDimension: try await LedgerStoreConformance.groupedByEachDimension(store)
            case .groupedByCombinations: try await LedgerStoreConformance.groupedByCombinations(store)
            case .timeRange: try await LedgerStoreConformance.timeRange(store)
            case .filters: try await LedgerStoreConformance.filters(store)
            }
        }
    }

    /// A whole-millisecond instant that the checks count from: 2025-06-15T12:00:00Z.
    static let epoch = Date(timeIntervalSince1970: 1_749_988_800)

    /// An entry with the given fields and small distinct figures otherwise.
    static func entry(
        _ requestID: String,
        at offset: TimeInterval = 0,
        day: String = "2025-06-15",
        key: String? = nil,
        tenant: String? = nil,
        agent: String? = nil,
        user: String? = nil,
        model: String = "fast",
        provider: String? = nil,
        usage: Usage = .zero,
        cost: Int64 = 0,
        outcome: String = "ok"
    ) -> LedgerEntry {
        LedgerEntry(
            requestID: requestID,
            recordedAt: epoch.addingTimeInterval(offset),
            day: day,
            keyID: key,
            tenant: tenant,
            agent: agent,
            user: user,
            model: model,
            provider: provider,
            usage: usage,
            cost: Money(nanodollars: cost),
            latencyMilliseconds: 100,
            overheadMicroseconds: 250,
            outcome: outcome,
            streamed: false
        )
    }

    /// Four calls over two days, two keys (and none), two tenants, agents, users, models and providers, with
    /// every outcome kind and every usage kind.
    static let sampleEntries: [LedgerEntry] = [
        entry(
            "req_1", at: 0, day: "2025-06-15", key: "key_1", tenant: "t1", agent: "a1", user: "u1", model: "fast",
            provider: "openai",
            usage: Usage(inputTokens: 100, cacheReadTokens: 10, cacheWriteTokens: 5, cacheWrite1hTokens: 1, outputTokens: 50, reasoningTokens: 20),
            cost: 1_000, outcome: "ok"
        ),
        entry(
            "req_2", at: 60, day: "2025-06-15", key: "key_1", tenant: "t1", user: "u2", model: "smart",
            provider: "anthropic", usage: Usage(inputTokens: 200, outputTokens: 70), cost: 2_500,
            outcome: "upstream_error"
        ),
        entry(
            "req_3", at: 86_400, day: "2025-06-16", key: "key_2", tenant: "t2", agent: "a1", model: "fast",
            provider: "openai",
            usage: Usage(inputTokens: 300, cacheReadTokens: 30, cacheWriteTokens: 3, cacheWrite1hTokens: 2, outputTokens: 10, reasoningTokens: 5),
            cost: 999_999_999_999, outcome: "cancelled"
        ),
        entry("req_4", at: 86_460, day: "2025-06-16", model: "fast", outcome: "rate_limited"),
    ]
}
