import Foundation
import Logging
import Metrics
import OTel
import Prometheus
import ServiceLifecycle
import SwitchyardServer
import Tracing

/// Bootstraps the process-wide logging, metrics and tracing backends for `switchyard serve` — the only place that
/// does. Logs go to standard error (JSON lines by default), metrics to a Prometheus registry served at `/metrics`,
/// and traces over OTLP/HTTP only when an endpoint is configured.
struct TelemetryBootstrap {
    /// The registry `/metrics` renders; `nil` when metrics are off.
    let registry: PrometheusCollectorRegistry?
    /// The metrics factory every series is created with (a no-op one when metrics are off).
    let metricsFactory: any MetricsFactory
    /// The tracer (a no-op one when nothing is exported).
    let tracer: any Tracer
    /// The exporter's service, to run beside the server; `nil` when nothing is exported.
    let exporter: (any Service)?
    /// What goes where, for `/readyz`.
    let status: TelemetryStatus

    /// Bootstraps logging at `logLevel` in the configured format, Prometheus metrics, and — when
    /// `settings.otlpEndpoint` or `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT` is set — an OTLP/HTTP trace exporter.
    ///
    /// - Throws: a `ValidationError`-style error for an OTLP protocol this build does not carry (only
    ///   `http/protobuf` is compiled in).
    static func bootstrap(_ settings: TelemetrySettings, logLevel: Logger.Level, environment: [String: String]) throws -> TelemetryBootstrap {
        switch settings.logFormat {
        case .json: LoggingSystem.bootstrap { label in var handler = JSONLogHandler(label: label); handler.logLevel = logLevel; return handler }
        case .text: LoggingSystem.bootstrap { label in var handler = StreamLogHandler.standardError(label: label); handler.logLevel = logLevel; return handler }
        }

        var registry: PrometheusCollectorRegistry?
        var factory: any MetricsFactory = NOOPMetricsHandler.instance
        if settings.metricsEnabled {
            let prometheus = PrometheusCollectorRegistry()
            var prometheusFactory = PrometheusMetricsFactory(registry: prometheus)
            prometheusFactory.defaultDurationHistogramBuckets = [
                .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5), .milliseconds(5),
                .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
                .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
            ]
            MetricsSystem.bootstrap(prometheusFactory)
            registry = prometheus
            factory = prometheusFactory
        }
        let metricsDestination = settings.metricsEnabled ? "prometheus /metrics" : "off"

        let environmentEndpoint = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] ?? environment["OTEL_EXPORTER_OTLP_ENDPOINT"]
        guard settings.otlpEndpoint != nil || environmentEndpoint != nil else {
            return TelemetryBootstrap(
                registry: registry,
                metricsFactory: factory,
                tracer: NoOpTracer(),
                exporter: nil,
                status: TelemetryStatus(destinations: ["traces": "off", "metrics": metricsDestination, "logs": "stderr \(settings.logFormat.rawValue)"])
            )
        }
        for name in ["OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] {
            if let value = environment[name], value != "http/protobuf" {
                throw TelemetryError("\(name)=\(value) is not supported: this build exports OTLP over HTTP with protobuf only (http/protobuf).")
            }
        }

        var configuration = OTel.Configuration.default
        configuration.serviceName = settings.serviceName
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.enabled = true
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        if let endpoint = settings.otlpEndpoint {
            configuration.traces.otlpExporter.endpoint = endpoint.hasSuffix("/v1/traces") ? endpoint : endpoint.trimmingSuffix("/") + "/v1/traces"
        }
        configuration.traces.otlpExporter.headers = settings.otlpHeaders.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        configuration.traces.sampler = Self.sampler(settings.sampling)
        // swift-otel's batch processor exports one batch per tick and ticks early only when its queue is full, so
        // with batches smaller than the queue (512 of 2,048 by default) a gateway answering 1,000 calls a second
        // keeps the queue full and drops spans. A batch as large as the queue empties it at every tick; `OTEL_BSP_*`
        // variables still override these.
        configuration.traces.batchSpanProcessor.maxQueueSize = 8192
        configuration.traces.batchSpanProcessor.maxExportBatchSize = 8192
        configuration.traces.batchSpanProcessor.scheduleDelay = .milliseconds(200)
        let status = TelemetryStatus(destinations: [
            "traces": "otlp \(environmentEndpoint ?? configuration.traces.otlpExporter.endpoint), \(Self.describe(settings.sampling))",
            "metrics": metricsDestination,
            "logs": "stderr \(settings.logFormat.rawValue)",
        ])
        configuration.traces.otlpExporter.onExportFailure = { failure in
            status.recordExportFailure()
            return .discard
        }
        let backend = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(backend.factory)
        return TelemetryBootstrap(registry: registry, metricsFactory: factory, tracer: backend.factory, exporter: backend.service, status: status)
    }

    private static func sampler(_ sampling: TelemetrySettings.Sampling) -> OTel.Configuration.TracesConfiguration.SamplerConfiguration {
        switch sampling {
        case .always: .alwaysOn
        case .never: .alwaysOff
        case .ratio(let ratio): .traceIDRatio(ratio: ratio) ?? .alwaysOn
        case .parentBased(let ratio): .parentBasedTraceIDRatio(ratio: ratio) ?? .parentBasedAlwaysOn
        }
    }

    private static func describe(_ sampling: TelemetrySettings.Sampling) -> String {
        switch sampling {
        case .always: "always"
        case .never: "never"
        case .ratio(let ratio): "ratio \(ratio)"
        case .parentBased(let ratio): "parent_based \(ratio)"
        }
    }
}

/// A telemetry setting this build cannot honour.
struct TelemetryError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
