import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOPosix
import Metrics
import Prometheus
import ServiceLifecycle
import SwitchyardCore
import SwitchyardEngine
import SwitchyardProviders
import Tracing

/// Everything the HTTP edge needs from outside: configuration, a store, and a transport to upstreams.
public struct GatewayDependencies: Sendable {
    public var configuration: SwitchyardConfiguration
    /// Keys, quotas and their counters, and the ledger.
    public var store: any SwitchyardStore
    public var transport: any UpstreamTransport
    /// Where the gateway's metrics are reported.
    public var metricsFactory: any MetricsFactory
    /// The registry `GET /metrics` renders; `nil` serves no `/metrics`.
    public var prometheus: PrometheusCollectorRegistry?
    /// Records the spans of every request.
    public var tracer: any Tracer
    /// What telemetry goes where, and the exporter's last failure, reported by `/readyz`.
    public var telemetryStatus: TelemetryStatus
    /// Services to run beside the server, such as the OpenTelemetry exporter.
    public var services: [any Service]
    /// Runs the telemetry of answered calls (stage spans, request-log entries) off the requests' way.
    public var background: BackgroundExecutor
    /// Pipeline stages run after quotas and before routing.
    public var additionalStages: [any PipelineStage<ChatRequest, ChatEventStream>]

    public init(
        configuration: SwitchyardConfiguration,
        store: any SwitchyardStore,
        transport: any UpstreamTransport,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        prometheus: PrometheusCollectorRegistry? = nil,
        tracer: any Tracer = InstrumentationSystem.tracer,
        telemetryStatus: TelemetryStatus = TelemetryStatus(),
        services: [any Service] = [],
        background: BackgroundExecutor = .shared,
        additionalStages: [any PipelineStage<ChatRequest, ChatEventStream>] = []
    ) {
        self.configuration = configuration
        self.store = store
        self.transport = transport
        self.metricsFactory = metricsFactory
        self.prometheus = prometheus
        self.tracer = tracer
        self.telemetryStatus = telemetryStatus
        self.services = services
        self.background = background
        self.additionalStages = additionalStages
    }
}

/// The composition root: builds the router with every route and middleware, the background services it needs
/// (the ledger writer, the quota enforcer), and the application that runs them all.
///
/// The server runs open (no key needed) only while no active key exists *and* it binds to loopback.
public func buildApplication(_ dependencies: GatewayDependencies, logger: Logger) -> some ApplicationProtocol {
    let configuration = dependencies.configuration
    let metrics = GatewayMetrics(factory: dependencies.metricsFactory)
    let store = dependencies.store
    var ledgerBatching = BatchWriter<LedgerEntry>.Settings()
    if configuration.storage.ledgerDurability == .queued { ledgerBatching.linger = LedgerDurability.queuedLinger }
    let ledgerWriter = BatchWriter<LedgerEntry>(name: "ledger", settings: ledgerBatching, metrics: metrics, logger: logger) {
        try await store.append($0)
    }
    let quotaEnforcer = QuotaEnforcer(
        store: dependencies.store,
        configuredQuotas: configuration.quotas,
        settings: configuration.quotaSettings,
        transport: dependencies.transport,
        metricsFactory: dependencies.metricsFactory,
        logger: logger
    )
    var requestLogBatching = BatchWriter<RequestLogEntry>.Settings()
    requestLogBatching.linger = .milliseconds(200)
    let requestLogWriter = BatchWriter<RequestLogEntry>(name: "request_log", settings: requestLogBatching, metrics: metrics, logger: logger) {
        try await store.appendRequests($0)
    }
    let retention = RequestLogRetention(store: store, settings: configuration.requestLog, logger: logger)
    let router = buildRouter(
        dependencies,
        metrics: metrics,
        ledgerWriter: ledgerWriter,
        requestLogWriter: requestLogWriter,
        quotaEnforcer: quotaEnforcer
    )
    return Application(
        router: router,
        server: HTTPServerBuilder { responder in
            EventLoopPreferringChannel(base: HTTP1Channel(responder: responder), eventLoops: MultiThreadedEventLoopGroup.singleton)
        },
        configuration: .init(
            address: .hostname(configuration.server.host, port: configuration.server.port),
            serverName: "switchyard"
        ),
        // Shut down after the server (services stop in reverse order): the enforcer writes its last consumption,
        // the background executor runs what the last calls handed it (their request-log entries, their spans),
        // then the writers write their last entries and the exporter its last spans.
        services: dependencies.services + [ledgerWriter, requestLogWriter, BackgroundDrain(dependencies.background), retention, quotaEnforcer],
        logger: logger
    )
}

private func buildRouter(
    _ dependencies: GatewayDependencies,
    metrics: GatewayMetrics,
    ledgerWriter: BatchWriter<LedgerEntry>,
    requestLogWriter: BatchWriter<RequestLogEntry>,
    quotaEnforcer: QuotaEnforcer
) -> Router<GatewayRequestContext> {
    let configuration = dependencies.configuration
    let catalog = configuration.catalog
    let health = DeploymentHealth(catalog: catalog, settings: configuration.resilience)
    let modelRouter = ModelRouter(
        catalog: catalog,
        client: ProviderClient(transport: dependencies.transport, tracer: dependencies.tracer),
        health: health,
        responseTimeout: configuration.server.upstreamTimeout,
        quotas: quotaEnforcer,
        tracer: dependencies.tracer,
        metrics: metrics,
        background: dependencies.background
    )
    let runaway = configuration.runaway
    let gateway = ModelGateway(
        router: modelRouter,
        metering: MeteringStage(
            writer: ledgerWriter,
            durability: configuration.storage.ledgerDurability,
            timeZone: configuration.quotaSettings.timeZone,
            metrics: metrics
        ),
        loopDetection: runaway.loopThreshold > 0
            ? LoopDetectionStage(
                detector: LoopDetector(threshold: runaway.loopThreshold, window: runaway.loopWindow),
                coversAllCalls: runaway.loopDetectionCoversAllCalls
            ) : nil,
        quotas: QuotaStage(enforcer: quotaEnforcer, catalog: catalog),
        additionalStages: dependencies.additionalStages,
        tracer: dependencies.tracer
    )
    let authenticator = KeyAuthenticator(store: dependencies.store, allowsOpenAccess: configuration.server.bindsLoopbackOnly)

    /// The controller of one client API; the two differ only in their wire format and its error conventions.
    func controller<API: InboundAPI>(
        _ api: API,
        named apiName: String,
        allowsStatus529: Bool,
        rateLimitHeaderStyle: RateLimitHeaders.Style
    ) -> InboundAPIController<API> {
        InboundAPIController(
            api: api,
            gateway: gateway,
            maximumBodyBytes: configuration.server.maximumBodyBytes,
            allowsStatus529: allowsStatus529,
            rateLimitHeaderStyle: rateLimitHeaderStyle,
            reporter: RequestReporter(
                apiName: apiName,
                metrics: metrics,
                requestLog: requestLogWriter,
                settings: configuration.requestLog,
                background: dependencies.background
            ),
            heartbeatInterval: configuration.server.streamHeartbeat,
            background: dependencies.background
        )
    }
    let chatCompletions = controller(OpenAI.ChatCompletionsAPI(), named: "openai.chat_completions", allowsStatus529: false, rateLimitHeaderStyle: .openAI)
    let messages = controller(Anthropic.MessagesAPI(), named: "anthropic.messages", allowsStatus529: true, rateLimitHeaderStyle: .anthropic)
    let models = ModelsController(catalog: catalog, loadedAt: Date())
    let probes = HealthController(store: dependencies.store, catalog: catalog, health: health, telemetry: dependencies.telemetryStatus)

    let router = Router(context: GatewayRequestContext.self)
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: RequestTracingMiddleware(tracer: dependencies.tracer, background: dependencies.background))
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
    if let registry = dependencies.prometheus {
        let scrape = MetricsController(registry: registry, metrics: metrics, health: health) {
            [(ledgerWriter.name, ledgerWriter.queueDepth), (requestLogWriter.name, requestLogWriter.queueDepth)]
        }
        router.get("/metrics", use: scrape.handle)
    }
    router.get("/healthz", use: probes.live)
    router.get("/readyz", use: probes.ready)
    return router
}
