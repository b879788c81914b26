/// Where quotas and their counters live, shared by every replica: the ground truth that keeps caps holding
/// across processes.
///
/// Replicas never count in the store call by call. Each *leases* an allotment of a counter — a block of units
/// moved atomically from the counter's unleased remainder — spends it locally, and leases more in the background
/// before it runs dry. As the store never grants past the limit, N replicas together cannot exceed it.
public protocol QuotaStore: Sendable {
    /// Stores a new quota.
    ///
    /// - Throws: ``SwitchyardError`` with code `invalidRequest` when the id already exists.
    func insertQuota(_ quota: Quota) async throws

    /// Every stored quota, in the order they were inserted.
    func quotas() async throws -> [Quota]

    /// Deletes a quota (its counters stay, unused). Returns `false` when no such quota exists.
    func deleteQuota(id: String) async throws -> Bool

    /// Atomically grants `min(amount, limit − leased)` units of `counter` to the caller when that is at least
    /// `minimum`, and nothing (returning 0) otherwise. Creates the counter at zero on first use; `limit` is the
    /// cap as configured now and replaces the stored one.
    ///
    /// Two callers racing for the last units can never both be granted them.
    func lease(_ counter: QuotaCounterID, limit: Int64, amount: Int64, minimum: Int64) async throws -> Int64

    /// Grants `amount` units unconditionally, past the limit if need be: how a call that cost more than it
    /// reserved is charged in full. Creates the counter on first use.
    func overdraw(_ counter: QuotaCounterID, limit: Int64, amount: Int64) async throws

    /// Gives back `amount` leased units that were not used.
    func release(_ counter: QuotaCounterID, amount: Int64) async throws

    /// Adds consumed units to each counter in one transaction and returns the counters' figures afterwards.
    /// A counter not yet created is created with the given limit.
    func recordConsumption(_ amounts: [QuotaCounterID: QuotaConsumption]) async throws -> [QuotaCounterID: QuotaCounterState]

    /// A counter's figures; `nil` when it was never used.
    func counter(_ id: QuotaCounterID) async throws -> QuotaCounterState?

    /// Claims the alert for `counter` crossing `percent` of its limit: `true` for the first caller ever, `false`
    /// for every later one, on any replica — so an alert fires once per window.
    func claimAlert(_ counter: QuotaCounterID, percent: Int) async throws -> Bool
}

/// Units consumed against one counter, with the counter's current limit (used when it must be created).
public struct QuotaConsumption: Sendable, Hashable {
    /// The counter's limit as configured now.
    public var limit: Int64
    /// Units consumed.
    public var amount: Int64

    /// Creates a consumption record.
    public init(limit: Int64, amount: Int64) {
        self.limit = limit
        self.amount = amount
    }
}
