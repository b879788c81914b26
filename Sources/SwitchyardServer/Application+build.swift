import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import Metrics
import ServiceLifecycle
import SwitchyardCore
import SwitchyardEngine
import SwitchyardProviders

/// Everything the HTTP edge needs from outside: configuration, a store, and a transport to upstreams.
public struct GatewayDependencies: Sendable {
    public var configuration: SwitchyardConfiguration
    /// Keys, quotas and their counters, and the ledger.
    public var store: any SwitchyardStore
    public var transport: any UpstreamTransport
    /// Where the gateway's metrics (quota alerts, dropped ledger entries) are reported.
    public var metricsFactory: any MetricsFactory
    /// Pipeline stages run after quotas and before routing.
    public var additionalStages: [any PipelineStage<ChatRequest, ChatEventStream>]

    public init(
        configuration: SwitchyardConfiguration,
        store: any SwitchyardStore,
        transport: any UpstreamTransport,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        additionalStages: [any PipelineStage<ChatRequest, ChatEventStream>] = []
    ) {
        self.configuration = configuration
        self.store = store
        self.transport = transport
        self.metricsFactory = metricsFactory
        self.additionalStages = additionalStages
    }
}

/// The composition root: builds the router with every route and middleware, the background services it needs
/// (the ledger writer, the quota enforcer), and the application that runs them all.
///
/// The server runs open (no key needed) only while no active key exists *and* it binds to loopback.
public func buildApplication(_ dependencies: GatewayDependencies, logger: Logger) -> some ApplicationProtocol {
    let configuration = dependencies.configuration
    let ledgerWriter = LedgerWriter(store: dependencies.store, metricsFactory: dependencies.metricsFactory, logger: logger)
    let quotaEnforcer = QuotaEnforcer(
        store: dependencies.store,
        configuredQuotas: configuration.quotas,
        settings: configuration.quotaSettings,
        transport: dependencies.transport,
        metricsFactory: dependencies.metricsFactory,
        logger: logger
    )
    let router = buildRouter(dependencies, ledgerWriter: ledgerWriter, quotaEnforcer: quotaEnforcer)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.server.host, port: configuration.server.port),
            serverName: "switchyard"
        ),
        // Shut down after the server (services stop in reverse order): the enforcer writes its last consumption,
        // then the writer its last entries.
        services: [ledgerWriter, quotaEnforcer],
        logger: logger
    )
}

private func buildRouter(
    _ dependencies: GatewayDependencies,
    ledgerWriter: LedgerWriter,
    quotaEnforcer: QuotaEnforcer
) -> Router<GatewayRequestContext> {
    let configuration = dependencies.configuration
    let catalog = configuration.catalog
    let health = DeploymentHealth(catalog: catalog, settings: configuration.resilience)
    let modelRouter = ModelRouter(
        catalog: catalog,
        client: ProviderClient(transport: dependencies.transport),
        health: health,
        responseTimeout: configuration.server.upstreamTimeout,
        quotas: quotaEnforcer
    )
    let runaway = configuration.runaway
    let gateway = ModelGateway(
        router: modelRouter,
        metering: MeteringStage(writer: ledgerWriter, timeZone: configuration.quotaSettings.timeZone),
        loopDetection: runaway.loopThreshold > 0
            ? LoopDetectionStage(
                detector: LoopDetector(threshold: runaway.loopThreshold, window: runaway.loopWindow),
                coversAllCalls: runaway.loopDetectionCoversAllCalls
            ) : nil,
        quotas: QuotaStage(enforcer: quotaEnforcer, catalog: catalog),
        additionalStages: dependencies.additionalStages
    )
    let authenticator = KeyAuthenticator(store: dependencies.store, allowsOpenAccess: configuration.server.bindsLoopbackOnly)
    let maximumBodyBytes = configuration.server.maximumBodyBytes

    let chatCompletions = InboundAPIController(
        api: OpenAI.ChatCompletionsAPI(),
        gateway: gateway,
        maximumBodyBytes: maximumBodyBytes,
        allowsStatus529: false,
        rateLimitHeaderStyle: .openAI,
        heartbeatInterval: configuration.server.streamHeartbeat
    )
    let messages = InboundAPIController(
        api: Anthropic.MessagesAPI(),
        gateway: gateway,
        maximumBodyBytes: maximumBodyBytes,
        allowsStatus529: true,
        rateLimitHeaderStyle: .anthropic,
        heartbeatInterval: configuration.server.streamHeartbeat
    )
    let models = ModelsController(catalog: catalog, loadedAt: Date())
    let probes = HealthController(store: dependencies.store, catalog: catalog)

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
    AdminKeysController(keyStore: dependencies.store, quotaStore: dependencies.store, authenticator: authenticator, enforcer: quotaEnforcer)
        .addRoutes(to: admin)
    AdminQuotasController(store: dependencies.store, enforcer: quotaEnforcer).addRoutes(to: admin)
    AdminUsageController(store: dependencies.store).addRoutes(to: admin)
    AdminRequestsController(store: dependencies.store).addRoutes(to: admin)
    router.get("/healthz", use: probes.live)
    router.get("/readyz", use: probes.ready)
    return router
}
