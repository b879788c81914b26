import SwitchyardCore
import Testing

/// The behaviour every ``SwitchyardCore/QuotaStore`` must show, as checks a test runs against each implementation.
///
/// Each ``Check`` records failures with Swift Testing's `#expect`, so it must run inside a `@Test`; give each check a
/// fresh, empty store:
///
/// ```swift
/// @Test(arguments: QuotaStoreConformance.Check.allCases)
/// func conformance(_ check: QuotaStoreConformance.Check) async throws {
///     try await check.run(on: InMemoryStore())
/// }
/// ```
///
/// The rules the checks hold a store to, beyond the protocol's documentation:
/// - A duplicate quota id is refused with code `invalidRequest` and a message naming the id.
/// - A lease that grants nothing still creates the counter and stores the limit it was given.
/// - `release` never takes `leased` below zero and leaves a counter that does not exist alone.
/// - Concurrent leases never grant more than the limit together, and use it up when the amounts fit.
public enum QuotaStoreConformance {
    /// One behaviour of a quota store.
    public enum Check: String, CaseIterable, Sendable, CustomStringConvertible {
        /// Quotas are listed in insertion order, every field intact; duplicates are refused; deletion works once.
        case insertListDelete
        /// `lease` grants `min(amount, limit − leased)` when that reaches `minimum`, and nothing otherwise.
        case leaseGrants
        /// Each lease stores the limit it was given, raising or lowering what is left.
        case leaseUpdatesLimit
        /// Counters with another name or window start are separate.
        case countersAreSeparate
        /// `overdraw` passes the limit; later leases then grant nothing.
        case overdraw
        /// `release` gives units back, never below zero.
        case release
        /// `recordConsumption` adds to several counters at once and returns their figures.
        case recordConsumption
        /// An alert is claimed once per counter and percent.
        case claimAlert
        /// Forty concurrent leases of 3 against a limit of 50 are granted 48 units in all; concurrent claims of one
        /// alert let exactly one through.
        case concurrentLeases

        /// The check's name, as test reports show it.
        public var description: String { rawValue }

        /// Runs the check against `store`, which must be empty; records failures with `#expect`.
        ///
        /// - Throws: What the store throws where the check expects success, or an error from `#require`.
        public func run(on store: any QuotaStore) async throws {
            switch self {
            case .insertListDelete: try await QuotaStoreConformance.insertListDelete(store)
            case .leaseGrants: try await QuotaStoreConformance.leaseGrants(store)
            case .leaseUpdatesLimit: try await QuotaStoreConformance.leaseUpdatesLimit(store)
            case .countersAreSeparate: try await QuotaStoreConformance.countersAreSeparate(store)
            case .overdraw: try await QuotaStoreConformance.overdraw(store)
            case .release: try await QuotaStoreConformance.release(store)
            case .recordConsumption: try await QuotaStoreConformance.recordConsumption(store)
            case .claimAlert: try await QuotaStoreConformance.claimAlert(store)
            case .concurrentLeases: try await QuotaStoreConformance.concurrentLeases(store)
            }
        }
    }

    /// A counter of a quota named `name` in the window starting at `windowStart` (2025-06-15T12:00:00Z by default).
    static func counter(_ name: String = "quota_test", windowStart: Int64 = 1_749_988_800_000) -> QuotaCounterID {
        QuotaCounterID(name: name, windowStart: windowStart)
    }
}
