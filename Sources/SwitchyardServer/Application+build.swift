import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import SwitchyardCore
import SwitchyardEngine
import SwitchyardProviders

/// Everything the HTTP edge needs from outside: configuration, a store, and a transport to upstreams.
public struct GatewayDependencies: Sendable {
    public var configuration: SwitchyardConfiguration
    public var keyStore: any KeyStore
    /// Quotas and the ledger, for the admin API's `/admin/quotas`, `/admin/usage` and keys created with limits;
    /// `nil` when the store keeps neither, and those routes answer 404 saying so.
    public var adminStore: (any QuotaStore & LedgerStore)?
    public var storeHealth: any StoreHealthCheck
    public var transport: any UpstreamTransport
    /// Pipeline stages run after policy and before routing, such as metering.
    public var additionalStages: [any PipelineStage<ChatRequest, ChatEventStream>]

    public init(
        configuration: SwitchyardConfiguration,
        keyStore: any KeyStore,
        storeHealth: any StoreHealthCheck,
        transport: any UpstreamTransport,
        additionalStages: [any PipelineStage<ChatRequest, ChatEventStream>] = [],
        adminStore: (any QuotaStore & LedgerStore)? = nil
    ) {
        self.configuration = configuration
        self.keyStore = keyStore
        self.adminStore = adminStore
        self.storeHealth = storeHealth
        self.transport = transport
        self.additionalStages = additionalStages
    }
}

/// The composition root: builds the router with every route and middleware, and the application around it.
///
/// The server runs open (no key needed) only while no active key exists *and* it binds to loopback.
public func buildApplication(_ dependencies: GatewayDependencies, logger: Logger) -> some ApplicationProtocol {
    let configuration = dependencies.configuration
    let router = buildRouter(dependencies)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.server.host, port: configuration.server.port),
            serverName: "switchyard"
        ),
        logger: logger
    )
}

/// The router alone, for tests that drive it without a socket.
public func buildRouter(_ dependencies: GatewayDependencies) -> Router<GatewayRequestContext> {
    let configuration = dependencies.configuration
    let catalog = configuration.catalog
    let health = DeploymentHealth(catalog: catalog, settings: configuration.resilience)
    let modelRouter = ModelRouter(
        catalog: catalog,
        client: ProviderClient(transport: dependencies.transport),
        health: health,
        responseTimeout: configuration.server.upstreamTimeout
    )
    let gateway = ModelGateway(router: modelRouter, additionalStages: dependencies.additionalStages)
    let authenticator = KeyAuthenticator(store: dependencies.keyStore, allowsOpenAccess: configuration.server.bindsLoopbackOnly)
    let maximumBodyBytes = configuration.server.maximumBodyBytes

    let chatCompletions = InboundAPIController(
        api: OpenAI.ChatCompletionsAPI(),
        gateway: gateway,
        maximumBodyBytes: maximumBodyBytes,
        allowsStatus529: false,
        heartbeatInterval: configuration.server.streamHeartbeat
    )
    let messages = InboundAPIController(
        api: Anthropic.MessagesAPI(),
        gateway: gateway,
        maximumBodyBytes: maximumBodyBytes,
        allowsStatus529: true,
        heartbeatInterval: configuration.server.streamHeartbeat
    )
    let models = ModelsController(catalog: catalog, loadedAt: Date())
    let probes = HealthController(store: dependencies.storeHealth, catalog: catalog)

    let router = Router(context: GatewayRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: ErrorEnvelopeMiddleware())
    router.group("/v1")
        .add(middleware: AuthenticationMiddleware(authenticator: authenticator))
        .post("/chat/completions", use: chatCompletions.handle)
        .post("/messages", use: messages.handle)
        .get("/models", use: models.handle)
    let admin = router.group("/admin")
        .add(middleware: AdminAuthenticationMiddleware(adminKey: configuration.server.adminKey, bindsLoopbackOnly: configuration.server.bindsLoopbackOnly))
        .get("/health/deployments", use: AdminHealthController(health: health).deployments)
    AdminKeysController(keyStore: dependencies.keyStore, quotaStore: dependencies.adminStore, authenticator: authenticator).addRoutes(to: admin)
    AdminQuotasController(store: dependencies.adminStore).addRoutes(to: admin)
    AdminUsageController(store: dependencies.adminStore).addRoutes(to: admin)
    router.get("/healthz", use: probes.live)
    router.get("/readyz", use: probes.ready)
    return router
}
