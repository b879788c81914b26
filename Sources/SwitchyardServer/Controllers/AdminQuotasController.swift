import Foundation
import Hummingbird
import SwitchyardCore
import SwitchyardEngine

/// `/admin/quotas`: list, create and delete budgets and rate limits for any scope.
///
/// A quota created or deleted here applies on this replica at once, and on every other replica once it next
/// re-reads the quotas from the store (within `QuotaSettings.refreshInterval`).
struct AdminQuotasController: Sendable {
    let store: any QuotaStore
    let enforcer: QuotaEnforcer

    private static let createFields: Set<String> = ["kind", "scope", "metric", "limit", "window", "alert_thresholds"]

    /// Registers the routes on the admin group.
    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.get("/quotas", use: list)
            .post("/quotas", use: create)
            .delete("/quotas/:id", use: delete)
    }

    /// `GET /admin/quotas` → every quota, in the order they were created.
    func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let quotas = try await store.quotas()
        return AdminResponse.json(AdminResponse.List(data: quotas.map(AdminQuotaView.init)))
    }

    /// `POST /admin/quotas` → 201 with the quota; 400 naming the field for anything that breaks a rule.
    func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let body = try await AdminRequestBody.read(request, allowed: Self.createFields)
        guard let kind = try body.choice("kind", among: Quota.Kind.allCases) else {
            throw SwitchyardError.invalidRequest("Missing required field `kind` (`budget`, `rate_limit` or `step_limit`).")
        }
        let scope = try QuotaScope(validating: try body.requiredString("scope"))
        guard let metric = try body.choice("metric", among: Quota.Metric.allCases) else {
            throw SwitchyardError.invalidRequest("Missing required field `metric` (`usd`, `tokens` or `requests`).")
        }
        guard let limit = try body.limit("limit", metric: metric) else {
            throw SwitchyardError.invalidRequest("Missing required field `limit`.")
        }
        guard let window = try body.choice("window", among: QuotaWindow.allCases) else {
            throw SwitchyardError.invalidRequest("Missing required field `window` (`minute`, `hour`, `day`, `month` or `total`).")
        }
        let quota = Quota(
            id: KeySecret.generateQuotaID(),
            kind: kind,
            scope: scope,
            metric: metric,
            limit: limit,
            window: window,
            alertThresholds: try body.integers("alert_thresholds") ?? []
        )
        try quota.validate()
        try await store.insertQuota(quota)
        try await enforcer.reloadQuotas()
        return AdminResponse.json(AdminQuotaView(quota: quota), status: .created)
    }

    /// `DELETE /admin/quotas/{id}` → `{"id": …, "deleted": true}`; 404 for an unknown id.
    func delete(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await store.deleteQuota(id: id) else {
            throw SwitchyardError(code: .notFound, message: "No quota has the id `\(id)`.", stage: .edge)
        }
        try await enforcer.reloadQuotas()
        return AdminResponse.json(Deleted(id: id, deleted: true))
    }

    private struct Deleted: Encodable {
        let id: String
        let deleted: Bool
    }
}
