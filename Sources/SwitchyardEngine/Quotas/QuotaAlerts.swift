import Foundation
import Logging
import Metrics
import SwitchyardCore

/// Raises quota alerts: detects thresholds crossed, claims each in the store so it fires once per window across
/// replicas, and reports it to the log, the `switchyard_quota_alerts_total` counter, and the webhook if one is
/// configured.
final class QuotaAlerts: Sendable {
    private let store: any QuotaStore
    private let defaultThresholds: [Int]
    private let timeZone: TimeZone
    private let webhook: QuotaWebhook?
    private let metricsFactory: any MetricsFactory
    private let logger: Logger

    init(
        store: any QuotaStore,
        settings: QuotaSettings,
        webhook: QuotaWebhook?,
        metricsFactory: any MetricsFactory,
        logger: Logger
    ) {
        self.store = store
        self.defaultThresholds = settings.alertThresholds
        self.timeZone = settings.timeZone
        self.webhook = webhook
        self.metricsFactory = metricsFactory
        self.logger = logger
    }

    /// Raises an alert for every threshold of `binding`'s quota that consumption crossed going from `before` to
    /// `after`, unless another replica (or an earlier check) already raised it this window.
    func check(_ binding: QuotaBinding, before: Int64, after: Int64, limit: Int64) async {
        let quota = binding.quota
        let thresholds = quota.alertThresholds.isEmpty ? (quota.kind == .budget ? defaultThresholds : []) : quota.alertThresholds
        guard limit > 0 else { return }
        for percent in thresholds.sorted() where before * 100 < Int64(percent) * limit && after * 100 >= Int64(percent) * limit {
            let claimed: Bool
            do {
                claimed = try await store.claimAlert(binding.counter, percent: percent)
            } catch {
                logger.warning("Could not claim a quota alert", metadata: ["quota": "\(quota.id)", "error": "\(error)"])
                continue
            }
            guard claimed else { continue }
            let windowStart = binding.counter.windowStart == 0 ? nil : Date(timeIntervalSince1970: Double(binding.counter.windowStart) / 1000)
            let alert = QuotaAlert(
                quota: quota,
                scope: binding.scopeLabel,
                percent: percent,
                consumed: after,
                windowStart: windowStart,
                windowEnd: binding.windowEnd
            )
            emit(alert)
        }
    }

    private func emit(_ alert: QuotaAlert) {
        logger.warning(
            "Quota alert: \(alert.summary)",
            metadata: ["quota": "\(alert.quota.id)", "scope": "\(alert.scope)", "percent": "\(alert.percent)"]
        )
        Counter(
            label: "switchyard_quota_alerts_total",
            dimensions: [("quota", alert.quota.id), ("kind", alert.quota.kind.rawValue), ("percent", String(alert.percent))],
            factory: metricsFactory
        ).increment()
        webhook?.enqueue(alert)
    }
}
