import Foundation
import SwitchyardCore

/// One request-log entry as an indented timeline for a terminal — what `switchyard trace ID` prints.
///
/// ```
/// req_8f2c POST /v1/chat/completions  model fast → anthropic  200 ok  412.3 ms (overhead 1.8 ms)  $0.000812000
///   started 2025-06-15T12:00:00.123Z  streamed  first token 290.0 ms
///   key ci-bot (key_3f9a, tenant research)  agent planner  session s-42  trace 4bf92f3577b34da6a3ce929d0e0e4736
///   +0.0 ms      metering ────────────────────────────── 412.3 ms
///   +0.1 ms        policy ──────────────────────────────   0.0 ms
///   +0.2 ms        budget ────────────────────────────── 411.9 ms
///                    route: rule long-context chose alias long
///   +0.4 ms          attempt openai/gpt-4o  failed upstream_error  120.4 ms
///   +121.0 ms        attempt anthropic/claude-haiku-4-5  ok  290.2 ms
///   usage: 1203 in (800 cached), 96 out · cost $0.000812000
/// ```
///
/// Stages and attempts are ordered by start; each is indented under the stages whose span contains it. Routing
/// decisions have no time of their own and come just before the first attempt. Payloads, when captured, follow.
public struct RequestTimeline: Sendable {
    /// The entry to print.
    public var entry: RequestLogEntry

    /// The column at which stage rules end, counted from the start of the name.
    private static let ruleWidth = 40

    /// Creates a timeline of `entry`.
    public init(entry: RequestLogEntry) {
        self.entry = entry
    }

    /// The timeline, one line per element, ending without a newline.
    public var text: String {
        lines.joined(separator: "\n")
    }

    /// The timeline's lines.
    public var lines: [String] {
        var lines = [headline, detailLine]
        if let principal = principalLine { lines.append(principal) }
        lines += eventLines
        lines.append(usageLine)
        if let error = entry.errorMessage, !error.isEmpty {
            lines.append("  error: \(error)")
        }
        for (title, body) in [("request", entry.requestBody), ("response", entry.responseBody)] {
            guard let body else { continue }
            lines.append("  \(title) (\(entry.capture.rawValue)):")
            lines += body.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)" }
        }
        return lines
    }

    private var headline: String {
        var parts = [entry.requestID, Self.endpoint(of: entry.api)]
        parts.append("model \(entry.model)" + (entry.provider.map { " → \($0)" } ?? ""))
        parts.append("\(entry.status) \(entry.outcome)")
        parts.append("\(Self.milliseconds(entry.durationMicroseconds)) (overhead \(Self.milliseconds(entry.overheadMicroseconds)))")
        parts.append("$\(entry.cost)")
        return parts.joined(separator: "  ")
    }

    private var detailLine: String {
        var parts = ["started \(entry.startedAt.iso8601Milliseconds)"]
        parts.append(entry.streamed ? "streamed" : "not streamed")
        if let first = entry.timeToFirstTokenMicroseconds {
            parts.append("first token \(Self.milliseconds(first))")
        }
        parts.append("capture \(entry.capture.rawValue)")
        return "  " + parts.joined(separator: "  ")
    }

    private var principalLine: String? {
        var parts: [String] = []
        if entry.keyID != nil || entry.keyName != nil || entry.tenant != nil {
            let name = entry.keyName ?? entry.keyID ?? "open access"
            let details = [entry.keyName != nil ? entry.keyID : nil, entry.tenant.map { "tenant \($0)" }].compactMap { $0 }
            parts.append("key \(name)" + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"))
        }
        if let agent = entry.agent { parts.append("agent \(agent)") }
        if let user = entry.user { parts.append("user \(user)") }
        if let session = entry.session { parts.append("session \(session)") }
        if let trace = entry.traceID { parts.append("trace \(trace)") }
        return parts.isEmpty ? nil : "  " + parts.joined(separator: "  ")
    }

    private enum Event {
        case stage(RequestLogEntry.Stage)
        case attempt(RequestLogEntry.Attempt)

        var start: Int {
            switch self {
            case .stage(let stage): stage.startMicroseconds
            case .attempt(let attempt): attempt.startMicroseconds
            }
        }
    }

    private var eventLines: [String] {
        // Stages before attempts at the same instant: an attempt runs inside the stages that started with it.
        let events = (entry.stages.map(Event.stage) + entry.attempts.map(Event.attempt)).enumerated().sorted { lhs, rhs in
            (lhs.element.start, lhs.offset) < (rhs.element.start, rhs.offset)
        }.map(\.element)
        let offsetWidth = events.map { Self.offset($0.start).count }.max() ?? 0
        // The ends of the stages that contain the current event: its depth.
        var openStageEnds: [Int] = []
        var lines: [String] = []
        var decisionsPending = !entry.routingDecisions.isEmpty
        for event in events {
            openStageEnds.removeAll { $0 < event.start }
            let indent = String(repeating: "  ", count: openStageEnds.count)
            let time = Self.offset(event.start).padding(toLength: offsetWidth, withPad: " ", startingAt: 0)
            switch event {
            case .stage(let stage):
                let rule = String(repeating: "─", count: max(Self.ruleWidth - indent.count - stage.name.count, 3))
                var line = "  \(time)  \(indent)\(stage.name) \(rule) \(Self.milliseconds(stage.durationMicroseconds))"
                if let refusal = stage.refusal {
                    line += "  refused \(refusal)" + (stage.message.map { ": \($0)" } ?? "")
                } else if let message = stage.message {
                    line += "  \(message)"
                }
                lines.append(line)
                openStageEnds.append(stage.startMicroseconds + stage.durationMicroseconds)
            case .attempt(let attempt):
                if decisionsPending {
                    let blank = String(repeating: " ", count: offsetWidth)
                    lines += entry.routingDecisions.map { "  \(blank)  \(indent)route: \($0)" }
                    decisionsPending = false
                }
                let outcome: String
                if let failure = attempt.failure {
                    outcome = attempt.wasSent ? "failed \(failure)" : "skipped \(failure)"
                } else {
                    outcome = "ok"
                }
                lines.append(
                    "  \(time)  \(indent)attempt \(attempt.provider)/\(attempt.model)  \(outcome)  \(Self.milliseconds(attempt.durationMicroseconds))"
                )
            }
        }
        if decisionsPending {
            lines += entry.routingDecisions.map { "  route: \($0)" }
        }
        return lines
    }

    private var usageLine: String {
        let usage = entry.usage
        var input = "\(usage.inputTokens) in"
        let inputDetails = [
            usage.cacheReadTokens > 0 ? "\(usage.cacheReadTokens) cached" : nil,
            usage.cacheWriteTokens > 0 ? "\(usage.cacheWriteTokens) cache write" : nil,
            usage.cacheWrite1hTokens > 0 ? "\(usage.cacheWrite1hTokens) cache write 1h" : nil,
        ].compactMap { $0 }
        if !inputDetails.isEmpty { input += " (\(inputDetails.joined(separator: ", ")))" }
        var output = "\(usage.outputTokens) out"
        if usage.reasoningTokens > 0 { output += " (\(usage.reasoningTokens) reasoning)" }
        return "  usage: \(input), \(output) · cost $\(entry.cost)"
    }

    /// The HTTP route of a client API.
    private static func endpoint(of api: String) -> String {
        switch api {
        case "openai.chat_completions": "POST /v1/chat/completions"
        case "anthropic.messages": "POST /v1/messages"
        default: api
        }
    }

    /// `+12.3 ms`.
    private static func offset(_ microseconds: Int) -> String {
        "+" + milliseconds(microseconds)
    }

    /// Microseconds as milliseconds to one decimal, rounded half up: 412_345 → `412.3 ms`.
    static func milliseconds(_ microseconds: Int) -> String {
        let tenths = (microseconds + (microseconds >= 0 ? 50 : -50)) / 100
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10) ms"
    }
}
