import Foundation
import SwitchyardCore

extension MockUpstream {
    /// One request a mock received, exactly as it arrived, so tests can assert what a gateway sent upstream.
    public struct RecordedRequest: Sendable {
        /// The 1-based position of this request among all the mock received.
        public var sequence: Int
        /// The HTTP method, such as `POST`.
        public var method: String
        /// The request target as sent: path and query, such as
        /// `/openai/deployments/gpt/chat/completions?api-version=2024-10-21`.
        public var uri: String
        /// The path without the query.
        public var path: String
        /// The decoded query parameters (the last value wins when a name repeats).
        public var query: [String: String]
        /// Every header in arrival order, names lowercased.
        public var headers: [(name: String, value: String)]
        /// The raw body.
        public var body: [UInt8]
        /// When the request arrived, for measuring gaps between attempts.
        public var receivedAt: ContinuousClock.Instant
        /// When the request arrived, as a wall-clock date.
        public var date: Date

        /// A request with the given values.
        public init(
            sequence: Int,
            method: String,
            uri: String,
            path: String,
            query: [String: String],
            headers: [(name: String, value: String)],
            body: [UInt8],
            receivedAt: ContinuousClock.Instant,
            date: Date
        ) {
            self.sequence = sequence
            self.method = method
            self.uri = uri
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
            self.receivedAt = receivedAt
            self.date = date
        }

        /// The first value of the header `name` (case-insensitive), or `nil`.
        public func header(_ name: String) -> String? {
            let name = name.lowercased()
            return headers.first { $0.name == name }?.value
        }

        /// The body parsed as JSON, or `nil` when it is not JSON.
        public var bodyJSON: JSONValue? {
            try? JSONValue(parsing: String(decoding: body, as: UTF8.self))
        }

        /// The body as UTF-8 text.
        public var bodyText: String {
            String(decoding: body, as: UTF8.self)
        }
    }
}
