import Foundation
import Hummingbird
import SwitchyardCore
import SwitchyardEngine

/// `/admin/keys`: create (with budgets and rate limits), list, show, rotate and revoke virtual keys.
///
/// Secrets appear only in the answers to create and rotate; hashes never. After a rotation or revocation the
/// gateway's key cache is cleared, so the old secret is refused by this replica at once.
struct AdminKeysController: Sendable {
    let keyStore: any KeyStore
    let quotaStore: any QuotaStore
    let authenticator: KeyAuthenticator
    let enforcer: QuotaEnforcer

    private static let createFields: Set<String> = [
        "name", "tenant", "models", "expires_at", "metadata",
        "budget_usd", "budget_tokens", "budget_window", "rpm", "tpm", "rpd", "tpd",
    ]

    /// Registers the routes on the admin group.
    func addRoutes(to group: RouterGroup<GatewayRequestContext>) {
        group.post("/keys", use: create)
            .get("/keys", use: list)
            .get("/keys/:id", use: show)
            .post("/keys/:id/rotate", use: rotate)
            .delete("/keys/:id", use: revoke)
    }

    /// `POST /admin/keys` → 201 with the key, its secret and its quotas.
    func create(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let body = try await AdminRequestBody.read(request, allowed: Self.createFields)
        let limits = KeyLimits(
            budgetNanodollars: try body.limit("budget_usd", metric: .usd),
            budgetTokens: try body.limit("budget_tokens", metric: .tokens),
            budgetWindow: try body.choice("budget_window", among: QuotaWindow.allCases),
            requestsPerMinute: try body.limit("rpm", metric: .requests),
            tokensPerMinute: try body.limit("tpm", metric: .tokens),
            requestsPerDay: try body.limit("rpd", metric: .requests),
            tokensPerDay: try body.limit("tpd", metric: .tokens)
        )
        let keyRequest = KeyIssuer.Request(
            name: try body.requiredString("name"),
            tenant: try body.string("tenant"),
            allowedModels: try body.strings("models") ?? [],
            expiresAt: try body.date("expires_at"),
            metadata: try body.stringMap("metadata") ?? [:],
            limits: limits
        )
        let issued = try await KeyIssuer(store: keyStore, quotas: quotaStore).issue(keyRequest)
        authenticator.invalidate(keyID: issued.key.id)
        if !issued.quotas.isEmpty {
            try await enforcer.reloadQuotas()
        }
        return AdminResponse.json(AdminKeyView(key: issued.key, quotas: issued.quotas, secret: issued.secret, now: Date()), status: .created)
    }

    /// `GET /admin/keys` → every key, oldest first, with its quotas.
    func list(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let keys = try await keyStore.allKeys()
        let quotas = try await quotaStore.quotas()
        let now = Date()
        let views = keys.map { key in
            let scope = QuotaScope(.key, key.id)
            return AdminKeyView(key: key, quotas: quotas.filter { $0.scope == scope }, secret: nil, now: now)
        }
        return AdminResponse.json(AdminResponse.List(data: views))
    }

    /// `GET /admin/keys/{id}` → the key with its quotas, or 404.
    func show(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard let key = try await keyStore.key(id: id) else { throw Self.unknown(id) }
        let quotas = try await quotaStore.quotas(ofKey: id)
        return AdminResponse.json(AdminKeyView(key: key, quotas: quotas, secret: nil, now: Date()))
    }

    /// `POST /admin/keys/{id}/rotate` → the key with its new secret; 404 for an unknown id, 400 for a revoked key.
    func rotate(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let issued = try await KeyIssuer(store: keyStore, quotas: quotaStore).rotate(id: id)
        authenticator.invalidate(keyID: id)
        return AdminResponse.json(AdminKeyView(key: issued.key, quotas: issued.quotas, secret: issued.secret, now: Date()))
    }

    /// `DELETE /admin/keys/{id}` → the revoked key (revoking twice keeps the first date); 404 for an unknown id.
    func revoke(_ request: Request, context: GatewayRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        guard try await keyStore.revoke(id: id, at: Date()), let key = try await keyStore.key(id: id) else {
            throw Self.unknown(id)
        }
        authenticator.invalidate(keyID: id)
        let quotas = try await quotaStore.quotas(ofKey: id)
        return AdminResponse.json(AdminKeyView(key: key, quotas: quotas, secret: nil, now: Date()))
    }

    private static func unknown(_ id: String) -> SwitchyardError {
        SwitchyardError(code: .notFound, message: "No key has the id `\(id)`.", stage: .edge)
    }
}
