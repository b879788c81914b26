import SwitchyardCore
import SwitchyardEngine
import SwitchyardStorage

/// Everything Switchyard is configured with: the parsed form of `switchyard.yaml` or the embedded default.
public struct SwitchyardConfiguration: Sendable {
    /// The HTTP edge.
    public struct Server: Sendable, Hashable {
        /// Address to bind (`server.host`). Default `127.0.0.1`, loopback only.
        public var host: String = "127.0.0.1"
        /// Port to bind (`server.port`). Default `8080`; `0` picks a free port.
        public var port: Int = 8080
        /// The largest request body accepted (`server.max_body_bytes`). Default 4 MiB.
        public var maximumBodyBytes: Int = 4 << 20
        /// The longest wait for an upstream's response head (`server.upstream_timeout_seconds`). Default 600 s.
        public var upstreamTimeout: Duration = .seconds(600)
        /// The most HTTP/1.1 connections kept to one upstream host (`server.upstream_connections_per_host`);
        /// calls beyond it wait for a free connection, so it caps the concurrent calls — long streams included —
        /// to one provider endpoint. Default 256.
        public var upstreamConnectionsPerHost: Int = 256
        /// How long a streamed answer may be silent before Switchyard sends an SSE comment
        /// (`server.stream_heartbeat_seconds`). Keeps idle proxies from cutting long pauses, and lets a departed
        /// client be noticed (and its upstream request cancelled) while the upstream is silent. Default 5 s.
        public var streamHeartbeat: Duration = .seconds(5)
        /// The key that opens `/admin/` (`server.admin_key`, usually `${SWITCHYARD_ADMIN_KEY}`). Without one the
        /// admin API answers only on a loopback-only server.
        public var adminKey: String?

        public init() {}

        /// Whether ``host`` is a loopback address, so the gateway is reachable from this machine only.
        public var bindsLoopbackOnly: Bool {
            host == "127.0.0.1" || host == "::1" || host == "localhost" || host.hasPrefix("127.")
        }
    }

    /// Where state is kept.
    public struct Storage: Sendable, Hashable {
        /// `sqlite://PATH` (relative to the working directory), `sqlite::memory:`, or
        /// `postgres://USER:PASSWORD@HOST:PORT/DATABASE` for state shared by several replicas (`storage.url`).
        /// Default `sqlite://./switchyard.db`.
        public var url: String = "sqlite://./switchyard.db"
        /// Whether an SQLite commit waits for the disk (`storage.sqlite_synchronous`): `normal` (the default) keeps
        /// every commit through a killed process, `full` through a power cut too, at the cost of an `fsync` per
        /// commit. PostgreSQL keeps its server's own setting.
        public var sqliteSynchronous: SQLiteStore.Configuration.Synchronous = .normal
        /// The SQLite file that holds the request log (`storage.sqlite_request_log`); `nil` (the default) puts it
        /// beside the database, `switchyard.db` → `switchyard-request-log.db`. PostgreSQL keeps the request log in
        /// its database.
        public var sqliteRequestLogPath: String?
        /// When a successful call's ledger row is written (`storage.ledger_durability`): `committed` (the default)
        /// before the client gets the end of its answer, `queued` in the background within 100 ms.
        public var ledgerDurability: LedgerDurability = .committed

        public init() {}
    }

    public var server = Server()
    public var storage = Storage()
    /// The upstream providers, in configuration order.
    public var providers: [ProviderSettings] = []
    /// The model aliases clients may call, in configuration order.
    public var models: [ModelAlias] = []
    /// Routing rules (`routing.rules`), tried in order before an alias is resolved.
    public var routingRules: [RoutingRule] = []
    /// Circuit-breaker and retry-budget settings (`resilience`).
    public var resilience = DeploymentHealth.Settings()
    /// How quotas are counted: time zone, reservations, leases, alerts (`quotas`).
    public var quotaSettings = QuotaSettings()
    /// Budgets, rate limits and step limits from the file (`budgets`, `rate_limits`, `runaway`), enforced beside
    /// those created through the admin API.
    public var quotas: [Quota] = []
    /// Loop detection (`runaway`).
    public var runaway = RunawaySettings()
    /// Traces, logs (`telemetry`).
    public var telemetry = TelemetrySettings()
    /// What the request log keeps and for how long (`request_log`).
    public var requestLog = RequestLogSettings()

    public init() {}

    /// The catalog the engine routes with.
    public var catalog: ModelCatalog {
        ModelCatalog(providers: providers, aliases: models, rules: routingRules)
    }
}
