import Foundation

/// The request log: each request's metadata, pipeline stages, attempts, usage and cost, and the captured
/// payloads; kept for a retention period and queried by the admin API.
public protocol RequestLogStore: Sendable {
    /// Appends entries, skipping request ids already recorded. Each entry is written whole; a store may commit a
    /// batch in parts, so a batch retried after a failure writes only the entries still missing.
    func appendRequests(_ entries: [RequestLogEntry]) async throws

    /// A page of entries matching `query`, newest first (by start time, then request id, descending).
    func requests(_ query: RequestLogQuery) async throws -> RequestLogPage

    /// The entry for one request; `nil` when none (or when it was never logged or has expired).
    func request(id: String) async throws -> RequestLogEntry?

    /// Deletes up to `limit` entries that started before `date`, oldest first; returns how many went. Called in
    /// small batches by the retention service so requests are never blocked behind one long delete.
    func deleteRequests(startedBefore date: Date, limit: Int) async throws -> Int
}
