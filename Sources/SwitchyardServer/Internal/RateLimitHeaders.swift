import Foundation
import HTTPTypes
import SwitchyardCore

/// The rate-limit headers each client API's SDKs and tools read, filled from the limits that admitted a call.
///
/// Where several limits count the same thing (a key's and its tenant's requests per minute), the headers report
/// the one with the least left, as providers do.
enum RateLimitHeaders {
    /// Which provider's header names and formats to use.
    enum Style: Sendable {
        /// `x-ratelimit-limit-requests`, `x-ratelimit-remaining-requests`, `x-ratelimit-reset-requests: 6m0s`, and
        /// the same for `tokens`.
        case openAI
        /// `anthropic-ratelimit-requests-limit`, `…-remaining`, `…-reset: 2026-11-23T20:01:00Z`, and the same for
        /// `tokens`.
        case anthropic
    }

    /// Appends the headers for `statuses` to `headers`.
    static func add(_ statuses: [RateLimitStatus], style: Style, now: Date, to headers: inout HTTPFields) {
        for metric in [Quota.Metric.requests, .tokens] {
            guard let tightest = statuses.filter({ $0.metric == metric }).min(by: { $0.remaining < $1.remaining }) else { continue }
            let noun = metric == .requests ? "requests" : "tokens"
            switch style {
            case .openAI:
                headers.append(field("x-ratelimit-limit-\(noun)", String(tightest.limit)))
                headers.append(field("x-ratelimit-remaining-\(noun)", String(tightest.remaining)))
                headers.append(field("x-ratelimit-reset-\(noun)", openAIDuration(tightest.resetsAt.timeIntervalSince(now))))
            case .anthropic:
                headers.append(field("anthropic-ratelimit-\(noun)-limit", String(tightest.limit)))
                headers.append(field("anthropic-ratelimit-\(noun)-remaining", String(tightest.remaining)))
                headers.append(field("anthropic-ratelimit-\(noun)-reset", tightest.resetsAt.formatted(.iso8601)))
            }
        }
    }

    /// OpenAI's reset format: `1s`, `59.5s`, `6m0s`, `1h2m3s`.
    static func openAIDuration(_ interval: TimeInterval) -> String {
        let milliseconds = max(0, Int((interval * 1000).rounded(.up)))
        let hours = milliseconds / 3_600_000
        let minutes = milliseconds / 60_000 % 60
        let seconds = Double(milliseconds % 60_000) / 1000
        let secondsText = seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.3g", seconds)
        if hours > 0 { return "\(hours)h\(minutes)m\(secondsText)s" }
        if minutes > 0 { return "\(minutes)m\(secondsText)s" }
        return "\(secondsText)s"
    }

    private static func field(_ name: String, _ value: String) -> HTTPField {
        // The names above are fixed, valid header names.
        HTTPField(name: HTTPField.Name(name)!, value: value)
    }
}
