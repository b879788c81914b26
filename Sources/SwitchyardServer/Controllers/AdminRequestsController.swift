import Foundation
import Hummingbird
import SwitchyardCore
import SwitchyardEngine

/// `GET /admin/requests` and `GET /admin/requests/{id}`: the request log, page by page, and one request whole.
///
/// Query parameters of the listing: `key` (a key id), `model`, `status` (an HTTP status), `since` and `until`
/// (ISO 8601; `until` is exclusive, and a day alone means through the end of that day, UTC), `limit` (1…1000,
/// default 50) and `cursor` (the previous page's `next_cursor`). Anything else is a 400 naming the parameter.
struct AdminRequestsController: Sendable {
    let store: any RequestLogStore

    private static let parameters = "key, model, status, since, until, limit, cursor"

    /// Registers the routes on the admin group.
    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("/requests", use: list)
        group.get("/requests/:id", use: show)
    }

    /// `GET /admin/requests` → `{"data": [summary, …], "next_cursor": "…" | null}`, newest first.
    func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let page = try await store.requests(try Self.query(request))
        return AdminResponse.json(
            Page(data: page.entries.map { AdminRequestView(entry: $0, isDetailed: false) }, nextCursor: page.nextCursor?.token)
        )
    }

    /// `GET /admin/requests/{id}` → the whole entry, or 404.
    func show(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let entry = try await store.request(id: id) else {
            throw SwitchyardError(code: .notFound, message: "No request `\(id)` is in the request log.", stage: .edge)
        }
        return AdminResponse.json(AdminRequestView(entry: entry, isDetailed: true))
    }

    /// The request-log query the request's parameters ask for.
    static func query(_ request: Request) throws -> RequestLogQuery {
        var query = RequestLogQuery()
        for (name, value) in request.uri.queryParameters {
            let name = String(name)
            let value = String(value)
            switch name {
            case "key":
                query.keyID = value
            case "model":
                query.model = value
            case "status":
                guard let status = Int(value), (100...599).contains(status) else {
                    throw SwitchyardError.invalidRequest("`status` is `\(value)`, not an HTTP status code (100…599).")
                }
                query.status = status
            case "since":
                query.since = try date(value, parameter: name, endOfDay: false)
            case "until":
                query.until = try date(value, parameter: name, endOfDay: true)
            case "limit":
                guard let limit = Int(value), (1...1000).contains(limit) else {
                    throw SwitchyardError.invalidRequest("`limit` is `\(value)`; it must be a whole number from 1 to 1000.")
                }
                query.limit = limit
            case "cursor":
                guard let cursor = RequestLogCursor(token: value) else {
                    throw SwitchyardError.invalidRequest("`cursor` is not a cursor this API returned; pass a page's `next_cursor` unchanged.")
                }
                query.cursor = cursor
            default:
                throw SwitchyardError.invalidRequest("Unknown query parameter `\(name)`. Valid parameters: \(parameters).")
            }
        }
        if let since = query.since, let until = query.until, until <= since {
            throw SwitchyardError.invalidRequest("`until` must be later than `since`.")
        }
        return query
    }

    private static func date(_ text: String, parameter: String, endOfDay: Bool) throws -> Date {
        guard let date = Date(iso8601Argument: text) else {
            throw SwitchyardError.invalidRequest(
                "`\(parameter)` is `\(text)`, not an ISO 8601 date such as 2026-01-31 or 2026-01-31T12:00:00Z."
            )
        }
        return endOfDay && Date.isDayOnlyArgument(text) ? date.addingTimeInterval(86_400) : date
    }

    /// A page of the listing.
    private struct Page: Encodable {
        let data: [AdminRequestView]
        let nextCursor: String?

        private enum CodingKeys: String, CodingKey {
            case data
            case nextCursor = "next_cursor"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(data, forKey: .data)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }
}
