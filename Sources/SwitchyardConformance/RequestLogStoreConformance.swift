import Foundation
import SwitchyardCore
import Testing

/// The behaviour every ``SwitchyardCore/RequestLogStore`` must show, as checks a test runs against each
/// implementation.
///
/// Each ``Check`` records failures with Swift Testing's `#expect`, so it must run inside a `@Test`; give each check a
/// fresh, empty store:
///
/// ```swift
/// @Test(arguments: RequestLogStoreConformance.Check.allCases)
/// func conformance(_ check: RequestLogStoreConformance.Check) async throws {
///     try await check.run(on: InMemoryStore())
/// }
/// ```
///
/// The rules the checks hold a store to, beyond the protocol's documentation:
/// - Start times come back to the millisecond; `since` is inclusive and `until` exclusive.
/// - An entry whose request id is recorded — earlier or in the same batch — is skipped; the first one stays.
/// - Pages are newest first; entries that started in the same millisecond are ordered by request id, descending,
///   comparing the ids' UTF-8 bytes. Following `nextCursor` visits every matching entry exactly once, and the last
///   page has no cursor.
/// - `deleteRequests` removes only entries that started before the date, oldest first, at most `limit` of them.
public enum RequestLogStoreConformance {
    /// One behaviour of a request-log store.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Every field of an entry comes back from `request(id:)`, the start to the millisecond.
        case roundTrip
        /// A request id already recorded is skipped, across batches and within one.
        case duplicateRequestID
        /// A batch larger than one statement holds is written whole; retried after part of it was written, it adds
        /// only what is missing.
        case largeBatch
        /// The key, model and status filters, alone and together.
        case filters
        /// `since` and `until` bound the entries by start time.
        case timeRange
        /// Following cursors walks every entry once, newest first, ties on the start time included.
        case pagination
        /// Deleting by age removes only older entries, oldest first, and respects the limit.
        case deleteByAge

        /// The check's name, as test reports show it.
        public var description: String { rawValue }

        /// Runs the check against `store`, which must be empty; records failures with `#expect`.
        ///
        /// - Throws: What the store throws where the check expects success, or an error from `#require`.
        public func run(on store: any RequestLogStore) async throws {
            switch self {
            case .roundTrip: try await RequestLogStoreConformance.roundTrip(store)
            case .duplicateRequestID: try await RequestLogStoreConformance.duplicateRequestID(store)
            case .largeBatch: try await RequestLogStoreConformance.largeBatch(store)
            case .filters: try await RequestLogStoreConformance.filters(store)
            case .timeRange: try await RequestLogStoreConformance.timeRange(store)
            case .pagination: try await RequestLogStoreConformance.pagination(store)
            case .deleteByAge: try await RequestLogStoreConformance.deleteByAge(store)
            }
        }
    }

    /// A whole-millisecond instant that the checks count from: 2025-06-15T12:00:00Z.
    static let epoch = Date(timeIntervalSince1970: 1_749_988_800)

    /// An entry with the given fields and small figures otherwise.
    static func entry(
        _ requestID: String,
        at offset: TimeInterval = 0,
        key: String? = nil,
        model: String = "fast",
        status: Int = 200
    ) -> RequestLogEntry {
        RequestLogEntry(
            requestID: requestID,
            startedAt: epoch.addingTimeInterval(offset),
            durationMicroseconds: 1_000,
            overheadMicroseconds: 100,
            api: "openai.chat_completions",
            keyID: key,
            model: model,
            status: status,
            outcome: status == 200 ? "ok" : "upstream_error",
            streamed: false
        )
    }

    /// Every matching entry's id, page after page of `limit`, failing the check if the walk does not end.
    static func walk(_ store: any RequestLogStore, _ query: RequestLogQuery) async throws -> (ids: [String], pages: Int) {
        var query = query
        var ids: [String] = []
        var pages = 0
        repeat {
            let page = try await store.requests(query)
            pages += 1
            #expect(page.entries.count <= query.limit)
            ids += page.entries.map(\.requestID)
            if page.nextCursor != nil {
                #expect(page.entries.count == query.limit, "only the last page may be short")
            }
            query.cursor = page.nextCursor
            try #require(pages <= 1_000, "the walk never ended")
        } while query.cursor != nil
        return (ids, pages)
    }
}
