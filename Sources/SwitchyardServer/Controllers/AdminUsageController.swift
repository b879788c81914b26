import Foundation
import Hummingbird
import SwitchyardCore
import SwitchyardEngine

/// `GET /admin/usage`: ledger totals over a time range, grouped and filtered by key, tenant, agent, user, model,
/// provider and day.
///
/// Query parameters: `group_by` (comma-separated dimensions), `since` and `until` (ISO 8601; `until` is
/// exclusive, and a day alone means through the end of that day, UTC), and one filter per dimension
/// (`key=key_3f…`, `model=fast`, …). An unknown parameter or dimension is a 400 that lists the valid ones.
struct AdminUsageController: Sendable {
    let store: any LedgerStore

    private static let dimensions = UsageQuery.Dimension.allCases.map(\.rawValue).joined(separator: ", ")

    /// Registers the route on the admin group.
    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("/usage", use: usage)
    }

    /// `GET /admin/usage` → `{"data": [row, …]}`, one row per group, ordered by the grouped values.
    func usage(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let query = try Self.query(request)
        let rows = try await store.usage(query)
        return AdminResponse.json(AdminResponse.List(data: rows.map { AdminUsageView(summary: $0, groupBy: query.groupBy) }))
    }

    /// The ledger query the request's parameters ask for.
    static func query(_ request: Request) throws -> UsageQuery {
        var query = UsageQuery()
        for (name, value) in request.uri.queryParameters {
            let name = String(name)
            let value = String(value)
            switch name {
            case "group_by":
                query.groupBy = try value.split(separator: ",", omittingEmptySubsequences: false).map { part in
                    let text = part.trimmingCharacters(in: .whitespaces)
                    guard let dimension = UsageQuery.Dimension(rawValue: text) else {
                        throw SwitchyardError.invalidRequest("`group_by`: `\(text)` is not a dimension; valid dimensions: \(dimensions).")
                    }
                    return dimension
                }
            case "since":
                query.since = try date(value, parameter: name, endOfDay: false)
            case "until":
                query.until = try date(value, parameter: name, endOfDay: true)
            default:
                guard let dimension = UsageQuery.Dimension(rawValue: name) else {
                    throw SwitchyardError.invalidRequest(
                        "Unknown query parameter `\(name)`. Valid parameters: group_by, since, until, and a filter per dimension (\(dimensions))."
                    )
                }
                query.filters[dimension] = value
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
}
