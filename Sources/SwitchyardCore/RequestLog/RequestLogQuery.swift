import Foundation

/// A page of the request log: filters, a time range, a page size and where the previous page ended.
public struct RequestLogQuery: Sendable, Hashable {
    /// Only requests made with this key id.
    public var keyID: String?
    /// Only requests for this model (alias).
    public var model: String?
    /// Only requests answered with this HTTP status.
    public var status: Int?
    /// Only requests that started at or after this instant.
    public var since: Date?
    /// Only requests that started before this instant.
    public var until: Date?
    /// The most entries on the page (1…1000).
    public var limit: Int
    /// Where the previous page ended (its ``RequestLogPage/nextCursor``); `nil` for the first page.
    public var cursor: RequestLogCursor?

    /// Creates a query; newest first, 50 to a page.
    public init(
        keyID: String? = nil,
        model: String? = nil,
        status: Int? = nil,
        since: Date? = nil,
        until: Date? = nil,
        limit: Int = 50,
        cursor: RequestLogCursor? = nil
    ) {
        self.keyID = keyID
        self.model = model
        self.status = status
        self.since = since
        self.until = until
        self.limit = limit
        self.cursor = cursor
    }
}

/// A position in the request log, newest first: the start time and request id of the last entry of a page.
public struct RequestLogCursor: Sendable, Hashable {
    /// The last entry's start, in milliseconds since 1970.
    public var startedAtMilliseconds: Int64
    /// The last entry's request id (ties on the start time are ordered by id, descending).
    public var requestID: String

    /// Creates a cursor.
    public init(startedAtMilliseconds: Int64, requestID: String) {
        self.startedAtMilliseconds = startedAtMilliseconds
        self.requestID = requestID
    }
}

/// One page of the request log.
public struct RequestLogPage: Sendable, Hashable {
    /// The entries, newest first.
    public var entries: [RequestLogEntry]
    /// Where the next page starts; `nil` when this is the last.
    public var nextCursor: RequestLogCursor?

    /// Creates a page.
    public init(entries: [RequestLogEntry], nextCursor: RequestLogCursor?) {
        self.entries = entries
        self.nextCursor = nextCursor
    }
}
