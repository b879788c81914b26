import Foundation
import SwitchyardCore

extension InMemoryStore {
    struct RequestLogState {
        var entriesByID: [String: RequestLogEntry] = [:]
    }
}

extension InMemoryStore: RequestLogStore {
    /// Appends entries, skipping request ids already recorded; start times are kept to the millisecond.
    public func appendRequests(_ entries: [RequestLogEntry]) async throws {
        requestLogState.withLock { state in
            for var entry in entries where state.entriesByID[entry.requestID] == nil {
                entry.startedAt = entry.startedAt.roundedToMilliseconds
                state.entriesByID[entry.requestID] = entry
            }
        }
    }

    /// A page of entries matching `query`, newest first (by start time, then request id, descending).
    public func requests(_ query: RequestLogQuery) async throws -> RequestLogPage {
        let entries = requestLogState.withLock { Array($0.entriesByID.values) }
        let matching = entries.filter(query.matches).sorted { $0.position > $1.position }
        let page = Array(matching.prefix(query.pageSize))
        let nextCursor = matching.count > query.pageSize ? page.last.map(RequestLogCursor.init(after:)) : nil
        return RequestLogPage(entries: page, nextCursor: nextCursor)
    }

    /// The entry for one request; `nil` when none.
    public func request(id: String) async throws -> RequestLogEntry? {
        requestLogState.withLock { $0.entriesByID[id] }
    }

    /// Deletes up to `limit` entries that started before `date`, oldest first; returns how many went.
    public func deleteRequests(startedBefore date: Date, limit: Int) async throws -> Int {
        let cutoff = date.millisecondsSince1970
        return requestLogState.withLock { state in
            let expired = state.entriesByID.values
                .filter { $0.startedAt.millisecondsSince1970 < cutoff }
                .sorted { $0.position < $1.position }
                .prefix(max(limit, 0))
            for entry in expired {
                state.entriesByID[entry.requestID] = nil
            }
            return expired.count
        }
    }
}

extension RequestLogEntry {
    /// Where the entry sorts in the log: by start (to the millisecond), then request id.
    fileprivate var position: RequestLogPosition {
        RequestLogPosition(startedAtMilliseconds: startedAt.millisecondsSince1970, requestID: requestID)
    }
}

/// A place in the log's order; compares request ids by their UTF-8 bytes, as SQLite and PostgreSQL (`"C"`) do.
private struct RequestLogPosition: Comparable {
    var startedAtMilliseconds: Int64
    var requestID: String

    static func < (lhs: Self, rhs: Self) -> Bool {
        if lhs.startedAtMilliseconds != rhs.startedAtMilliseconds {
            return lhs.startedAtMilliseconds < rhs.startedAtMilliseconds
        }
        return lhs.requestID.utf8.lexicographicallyPrecedes(rhs.requestID.utf8)
    }
}

extension RequestLogQuery {
    fileprivate func matches(_ entry: RequestLogEntry) -> Bool {
        let milliseconds = entry.startedAt.millisecondsSince1970
        if let keyID, entry.keyID != keyID { return false }
        if let model, entry.model != model { return false }
        if let status, entry.status != status { return false }
        if let since, milliseconds < since.millisecondsSince1970 { return false }
        if let until, milliseconds >= until.millisecondsSince1970 { return false }
        if let cursor {
            let cursorPosition = RequestLogPosition(startedAtMilliseconds: cursor.startedAtMilliseconds, requestID: cursor.requestID)
            if !(entry.position < cursorPosition) { return false }
        }
        return true
    }
}
