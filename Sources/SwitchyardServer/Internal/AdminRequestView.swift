import Foundation
import SwitchyardCore

/// A request-log entry as the admin API shows it: a summary in listings, the whole entry (stages, attempts,
/// routing decisions, payloads when captured) for one request. Times are milliseconds with three decimals; the
/// cost is a decimal dollar string with nine decimals.
struct AdminRequestView: Encodable {
    let entry: RequestLogEntry
    /// Whether to show the whole entry rather than the summary.
    let isDetailed: Bool

    private enum CodingKeys: String, CodingKey {
        case id, api, model, provider, status, outcome, error, streamed, usage, capture, stages, attempts
        case traceID = "trace_id"
        case startedAt = "started_at"
        case durationMilliseconds = "duration_ms"
        case overheadMilliseconds = "overhead_ms"
        case timeToFirstTokenMilliseconds = "time_to_first_token_ms"
        case keyID = "key_id"
        case keyName = "key_name"
        case tenant, agent, user, session
        case attemptCount = "attempt_count"
        case costUSD = "cost_usd"
        case routingDecisions = "routing_decisions"
        case requestBody = "request_body"
        case responseBody = "response_body"
    }

    private struct StageView: Encodable {
        let stage: RequestLogEntry.Stage

        private enum CodingKeys: String, CodingKey {
            case name, refusal, message
            case startMilliseconds = "start_ms"
            case durationMilliseconds = "duration_ms"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(stage.name, forKey: .name)
            try container.encode(milliseconds(stage.startMicroseconds), forKey: .startMilliseconds)
            try container.encode(milliseconds(stage.durationMicroseconds), forKey: .durationMilliseconds)
            try container.encode(stage.refusal, forKey: .refusal)
            try container.encode(stage.message, forKey: .message)
        }
    }

    private struct AttemptView: Encodable {
        let attempt: RequestLogEntry.Attempt

        private enum CodingKeys: String, CodingKey {
            case provider, model, failure, sent
            case startMilliseconds = "start_ms"
            case durationMilliseconds = "duration_ms"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(attempt.provider, forKey: .provider)
            try container.encode(attempt.model, forKey: .model)
            try container.encode(milliseconds(attempt.startMicroseconds), forKey: .startMilliseconds)
            try container.encode(milliseconds(attempt.durationMicroseconds), forKey: .durationMilliseconds)
            try container.encode(attempt.failure, forKey: .failure)
            try container.encode(attempt.wasSent, forKey: .sent)
        }
    }

    private struct UsageView: Encodable {
        let usage: Usage

        private enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case cacheReadTokens = "cache_read_tokens"
            case cacheWriteTokens = "cache_write_tokens"
            case cacheWrite1hTokens = "cache_write_1h_tokens"
            case outputTokens = "output_tokens"
            case reasoningTokens = "reasoning_tokens"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(usage.inputTokens, forKey: .inputTokens)
            try container.encode(usage.cacheReadTokens, forKey: .cacheReadTokens)
            try container.encode(usage.cacheWriteTokens, forKey: .cacheWriteTokens)
            try container.encode(usage.cacheWrite1hTokens, forKey: .cacheWrite1hTokens)
            try container.encode(usage.outputTokens, forKey: .outputTokens)
            try container.encode(usage.reasoningTokens, forKey: .reasoningTokens)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entry.requestID, forKey: .id)
        try container.encode(entry.traceID, forKey: .traceID)
        try container.encode(entry.startedAt.iso8601Milliseconds, forKey: .startedAt)
        try container.encode(milliseconds(entry.durationMicroseconds), forKey: .durationMilliseconds)
        try container.encode(milliseconds(entry.overheadMicroseconds), forKey: .overheadMilliseconds)
        try container.encode(entry.timeToFirstTokenMicroseconds.map(milliseconds), forKey: .timeToFirstTokenMilliseconds)
        try container.encode(entry.api, forKey: .api)
        try container.encode(entry.keyID, forKey: .keyID)
        try container.encode(entry.keyName, forKey: .keyName)
        try container.encode(entry.tenant, forKey: .tenant)
        try container.encode(entry.agent, forKey: .agent)
        try container.encode(entry.user, forKey: .user)
        try container.encode(entry.session, forKey: .session)
        try container.encode(entry.model, forKey: .model)
        try container.encode(entry.provider, forKey: .provider)
        try container.encode(entry.status, forKey: .status)
        try container.encode(entry.outcome, forKey: .outcome)
        try container.encode(entry.errorMessage, forKey: .error)
        try container.encode(entry.streamed, forKey: .streamed)
        try container.encode(entry.attempts.count, forKey: .attemptCount)
        try container.encode(UsageView(usage: entry.usage), forKey: .usage)
        try container.encode(entry.cost.description, forKey: .costUSD)
        try container.encode(entry.capture.rawValue, forKey: .capture)
        guard isDetailed else { return }
        try container.encode(entry.routingDecisions, forKey: .routingDecisions)
        try container.encode(entry.stages.map(StageView.init), forKey: .stages)
        try container.encode(entry.attempts.map(AttemptView.init), forKey: .attempts)
        try container.encode(entry.requestBody, forKey: .requestBody)
        try container.encode(entry.responseBody, forKey: .responseBody)
    }
}

/// Microseconds as milliseconds with three decimals: 412_345 → 412.345.
private func milliseconds(_ microseconds: Int) -> Decimal {
    Decimal(microseconds) / 1000
}
