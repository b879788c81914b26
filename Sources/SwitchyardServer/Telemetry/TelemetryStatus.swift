import Foundation
import Synchronization

/// What telemetry is exported where, and whether the exporter's last attempt failed: reported by `/readyz`.
public final class TelemetryStatus: Sendable {
    private struct State {
        var lastExportFailure: Date?
    }

    /// The configured destinations, such as `["traces": "otlp http://collector:4318/v1/traces, parent_based 1.0"]`.
    public let destinations: [String: String]
    private let state = Mutex(State())

    /// A status for `destinations`.
    public init(destinations: [String: String] = ["traces": "off", "metrics": "prometheus /metrics"]) {
        self.destinations = destinations
    }

    /// Notes that an export failed now.
    public func recordExportFailure(at date: Date = Date()) {
        state.withLock { $0.lastExportFailure = date }
    }

    /// The report: each destination, and `last_export_failure` when one happened.
    public var report: [String: String] {
        var report = destinations
        if let failure = state.withLock({ $0.lastExportFailure }) {
            report["last_export_failure"] = failure.formatted(.iso8601)
        }
        return report
    }
}
