import Logging
import Yams

extension ConfigurationReader {
    /// `telemetry:` — service name, OTLP export, sampling, log format and level.
    mutating func readTelemetry(_ node: Node, into settings: inout TelemetrySettings) {
        guard let fields = mapping(node, at: "telemetry", allowed: ["service_name", "otlp", "sampling", "sampling_ratio", "metrics", "logs"]) else { return }
        if let name = fields["service_name"].flatMap({ string($0, at: "telemetry.service_name") }), !name.isEmpty {
            settings.serviceName = name
        }
        if let otlp = fields["otlp"], let otlpFields = mapping(otlp, at: "telemetry.otlp", allowed: ["endpoint", "headers"]) {
            if let endpointNode = otlpFields["endpoint"], let endpoint = string(endpointNode, at: "telemetry.otlp.endpoint") {
                if endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") {
                    settings.otlpEndpoint = endpoint
                } else {
                    issue("telemetry.otlp.endpoint", node: endpointNode, "must be an http:// or https:// URL such as http://127.0.0.1:4318")
                }
            }
            if let headers = otlpFields["headers"] { settings.otlpHeaders = stringMap(headers, at: "telemetry.otlp.headers") }
        }
        var ratio = 1.0
        if let ratioNode = fields["sampling_ratio"], let text = string(ratioNode, at: "telemetry.sampling_ratio") {
            if let value = Double(text), (0...1).contains(value) {
                ratio = value
            } else {
                issue("telemetry.sampling_ratio", node: ratioNode, "`\(text)` is not a number from 0 to 1")
            }
        }
        settings.sampling = .parentBased(ratio)
        if let samplingNode = fields["sampling"], let sampling = string(samplingNode, at: "telemetry.sampling") {
            switch sampling {
            case "always": settings.sampling = .always
            case "never": settings.sampling = .never
            case "ratio": settings.sampling = .ratio(ratio)
            case "parent_based": settings.sampling = .parentBased(ratio)
            default: issue("telemetry.sampling", node: samplingNode, "`\(sampling)` is not one of always, never, ratio, parent_based")
            }
        }
        if let metricsNode = fields["metrics"], let metrics = string(metricsNode, at: "telemetry.metrics") {
            switch metrics {
            case "prometheus": settings.metricsEnabled = true
            case "off": settings.metricsEnabled = false
            default: issue("telemetry.metrics", node: metricsNode, "`\(metrics)` is not one of prometheus, off")
            }
        }
        if let logs = fields["logs"], let logFields = mapping(logs, at: "telemetry.logs", allowed: ["format", "level"]) {
            if let formatNode = logFields["format"], let text = string(formatNode, at: "telemetry.logs.format") {
                if let format = TelemetrySettings.LogFormat(rawValue: text) {
                    settings.logFormat = format
                } else {
                    issue("telemetry.logs.format", node: formatNode, "`\(text)` is not one of json, text")
                }
            }
            if let levelNode = logFields["level"], let text = string(levelNode, at: "telemetry.logs.level") {
                if let level = Logger.Level(rawValue: text) {
                    settings.logLevel = level
                } else {
                    issue("telemetry.logs.level", node: levelNode, "`\(text)` is not one of trace, debug, info, notice, warning, error, critical")
                }
            }
        }
    }
}
