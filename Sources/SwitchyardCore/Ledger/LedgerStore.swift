/// The record of every model call, written in batches off the request path.
public protocol LedgerStore: Sendable {
    /// Appends entries in one transaction. An entry whose request id is already recorded is skipped, so a batch
    /// retried after an uncertain failure never counts a call twice.
    func append(_ entries: [LedgerEntry]) async throws

    /// Totals over the entries that match `query`, one row per group, ordered by the grouped values.
    func usage(_ query: UsageQuery) async throws -> [UsageSummary]

    /// The entry for one request; `nil` when none.
    func entry(requestID: String) async throws -> LedgerEntry?
}
