import Logging

/// What Switchyard reports about itself (`telemetry:` in the configuration). Nothing leaves the process unless
/// an OTLP endpoint is configured.
public struct TelemetrySettings: Sendable, Hashable {
    /// How traces are sampled.
    public enum Sampling: Sendable, Hashable {
        /// Every trace.
        case always
        /// None.
        case never
        /// This fraction of traces, chosen by trace id.
        case ratio(Double)
        /// Follow the caller's sampling decision (`traceparent`), else sample this fraction of new traces.
        case parentBased(Double)
    }

    /// How log lines are written to standard error.
    public enum LogFormat: String, Sendable, Hashable {
        /// One JSON object per line, for log pipelines.
        case json
        /// swift-log's plain text lines, for people.
        case text
    }

    /// The `service.name` of exported spans (`telemetry.service_name`). Default `switchyard`.
    public var serviceName = "switchyard"
    /// The OTLP/HTTP collector's base URL (`telemetry.otlp.endpoint`), such as `http://collector:4318`; traces go
    /// to `/v1/traces` under it. `nil` exports nothing, unless `OTEL_EXPORTER_OTLP_ENDPOINT` (or
    /// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set.
    public var otlpEndpoint: String?
    /// Headers sent with every export (`telemetry.otlp.headers`), such as an API key for a hosted collector.
    public var otlpHeaders: [String: String] = [:]
    /// Trace sampling (`telemetry.sampling: always | never | ratio | parent_based`, with `telemetry.sampling_ratio`).
    /// Default: parent-based, sampling every new trace.
    public var sampling = Sampling.parentBased(1)
    /// Whether metric series are kept and served at `/metrics` (`telemetry.metrics: prometheus | off`). Default on.
    public var metricsEnabled = true
    /// Log line format (`telemetry.logs.format`). Default `json`.
    public var logFormat = LogFormat.json
    /// The lowest level logged (`telemetry.logs.level`); `--log-level` overrides it. Default `info`.
    public var logLevel = Logger.Level.info

    /// The defaults: JSON logs at info, no export.
    public init() {}
}
