import SwitchyardCore
import SwitchyardEngine
import Yams

extension ConfigurationReader {
    /// `request_log:` — capture mode, per-scope overrides, payload cap and retention.
    mutating func readRequestLog(_ node: Node, into settings: inout RequestLogSettings) {
        let allowed: Set = ["capture", "capture_overrides", "max_payload_bytes", "retention_days"]
        guard let fields = mapping(node, at: "request_log", allowed: allowed) else { return }
        if let captureNode = fields["capture"], let capture = readCapture(captureNode, at: "request_log.capture") {
            settings.capture = capture
        }
        if let overrides = fields["capture_overrides"] {
            guard case .sequence(let items) = overrides else {
                issue("request_log.capture_overrides", node: overrides, "must be a list of { scope, capture }")
                return
            }
            for (index, item) in items.enumerated() {
                let path = "request_log.capture_overrides[\(index)]"
                guard let itemFields = mapping(item, at: path, allowed: ["scope", "capture"]) else { continue }
                guard let scopeNode = itemFields["scope"], let text = string(scopeNode, at: "\(path).scope"),
                    let scope = QuotaScope(parsing: text), scope.kind != .deployment
                else {
                    issue("\(path).scope", node: itemFields["scope"] ?? item, "must be `global`, or KIND:ID or KIND:* with KIND one of tenant, key, agent, user, session")
                    continue
                }
                guard let captureNode = itemFields["capture"], let capture = readCapture(captureNode, at: "\(path).capture") else {
                    if itemFields["capture"] == nil { issue("\(path).capture", node: item, "is required") }
                    continue
                }
                settings.captureOverrides.append((scope, capture))
            }
        }
        if let bytes = fields["max_payload_bytes"].flatMap({ integer($0, at: "request_log.max_payload_bytes", in: 0...(16 << 20)) }) {
            settings.maximumPayloadBytes = bytes
        }
        if let days = fields["retention_days"].flatMap({ integer($0, at: "request_log.retention_days", in: 0...36_500) }) {
            settings.retentionDays = days
        }
    }

    private mutating func readCapture(_ node: Node, at path: String) -> RequestLogEntry.Capture? {
        guard let text = string(node, at: path) else { return nil }
        guard let capture = RequestLogEntry.Capture(rawValue: text) else {
            issue(path, node: node, "`\(text)` is not one of none, metadata, redacted, full")
            return nil
        }
        return capture
    }
}
