import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Synchronization
import SwitchyardCore

/// Enforces budgets, rate limits and step limits for one replica, against counters shared through the store.
///
/// Run it as a `Service` beside the server: it writes consumption back, tops up and returns allotments, re-reads
/// quotas created through the admin API, and delivers alerts; on graceful shutdown it writes what is pending and
/// gives its unused allotments back.
public final class QuotaEnforcer: Service, Sendable {
    /// How quotas are counted.
    public let settings: QuotaSettings
    private let configuredQuotas: [Quota]
    private let store: any QuotaStore
    private let pool: AllotmentPool
    private let windows: QuotaWindowBounds
    private let webhook: QuotaWebhook?
    private let logger: Logger
    private let storedQuotas = Mutex<StoredQuotas>(StoredQuotas())

    private struct StoredQuotas {
        var quotas: [Quota]?
        var loadedAt: ContinuousClock.Instant?
    }

    /// Creates an enforcer.
    ///
    /// - Parameters:
    ///   - store: Where quotas created through the admin API and every quota's counters live.
    ///   - configuredQuotas: Quotas from the configuration file, enforced beside the stored ones.
    ///   - settings: Time zone, reservation and lease sizes, alert thresholds and webhook.
    ///   - transport: Sends alert webhooks; `nil` sends none even if a webhook is configured.
    ///   - metricsFactory: Where the alert counter is reported.
    ///   - logger: Receives alerts and store trouble.
    public init(
        store: any QuotaStore,
        configuredQuotas: [Quota],
        settings: QuotaSettings,
        transport: (any UpstreamTransport)?,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        logger: Logger
    ) {
        self.store = store
        self.configuredQuotas = configuredQuotas
        self.settings = settings
        self.windows = QuotaWindowBounds(timeZone: settings.timeZone)
        self.logger = logger
        var webhook: QuotaWebhook?
        if let url = settings.alertWebhook, let transport {
            webhook = QuotaWebhook(url: url, transport: transport, logger: logger)
        }
        self.webhook = webhook
        let alerts = QuotaAlerts(store: store, settings: settings, webhook: webhook, metricsFactory: metricsFactory, logger: logger)
        self.pool = AllotmentPool(store: store, settings: settings, alerts: alerts, logger: logger)
    }

    /// Writes consumption, checks alerts and refreshes quotas every ``QuotaSettings/syncInterval`` until graceful
    /// shutdown; then writes what is pending and releases unused allotments.
    public func run() async throws {
        await withDiscardingTaskGroup { group in
            if let webhook {
                group.addTask { await webhook.run() }
            }
            try? await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    try await Task.sleep(for: self.settings.syncInterval)
                    await self.synchronize()
                }
            }
            await pool.drain()
            webhook?.finish()
        }
    }

    /// One round of background work: re-reads stored quotas when due, then syncs the allotment pool.
    func synchronize(now: Date = Date()) async {
        let due = storedQuotas.withLock { state in
            state.loadedAt.map { ContinuousClock.now - $0 >= settings.refreshInterval } ?? true
        }
        if due {
            do {
                try await reloadQuotas()
            } catch {
                logger.warning("Could not re-read quotas from the store", metadata: ["error": "\(error)"])
            }
        }
        await pool.sync(now: now)
    }

    /// Re-reads the quotas stored through the admin API; the admin API calls it after a change so this replica
    /// applies it at once (others within ``QuotaSettings/refreshInterval``).
    public func reloadQuotas() async throws {
        let quotas = try await store.quotas()
        storedQuotas.withLock { $0 = StoredQuotas(quotas: quotas, loadedAt: .now) }
    }

    /// Every quota in force: the configured ones, then the stored ones.
    func quotas() async throws -> [Quota] {
        if let stored = storedQuotas.withLock({ $0.quotas }) {
            return configuredQuotas + stored
        }
        try await reloadQuotas()
        return configuredQuotas + (storedQuotas.withLock { $0.quotas } ?? [])
    }

    /// The quotas that apply to a call by `principal` at `now`.
    func bindings(for principal: Principal, now: Date) async throws -> [QuotaBinding] {
        QuotaBinding.bindings(of: try await quotas(), for: principal, now: now, windows: windows)
    }

    /// The rate limits of the deployment `deploymentID` (`provider/model`) at `now`.
    func bindings(forDeployment deploymentID: String, now: Date) async throws -> [QuotaBinding] {
        QuotaBinding.bindings(of: try await quotas(), forDeployment: deploymentID, now: now, windows: windows)
    }

    /// Holds `charge` on every binding (one request for request quotas), or refuses the call.
    ///
    /// - Throws: ``SwitchyardError`` `budget_exceeded`, `rate_limited` or `step_limit_exceeded` naming the quota,
    ///   its limit, what is used and when it resets.
    func admit(_ bindings: [QuotaBinding], charge: CallCharge, now: Date) async throws -> [AllotmentPool.Hold] {
        let demands = bindings.map { (binding: $0, amount: charge.amount(for: $0.quota.metric)) }
        do {
            return try await pool.reserve(demands)
        } catch let refusal as QuotaRefusal {
            let consumed = await pool.consumed(refusal.binding)
            throw refusal.error(consumed: consumed, now: now)
        }
    }

    /// Charges what the call consumed; see ``AllotmentPool/settle(_:consumed:)``.
    func settle(_ holds: [AllotmentPool.Hold], charge: CallCharge) {
        pool.settle(holds) { charge.amount(for: $0.quota.metric) }
    }

    /// Returns what a call held, unused.
    func release(_ holds: [AllotmentPool.Hold]) {
        pool.release(holds)
    }

    /// Where each rate limit among `bindings` stands, for the client's headers.
    func rateLimitStatuses(_ bindings: [QuotaBinding]) -> [RateLimitStatus] {
        bindings.compactMap { binding in
            guard binding.quota.kind == .rateLimit, let end = binding.windowEnd else { return nil }
            return RateLimitStatus(metric: binding.quota.metric, limit: binding.quota.limit, remaining: pool.remaining(binding), resetsAt: end)
        }
    }
}
