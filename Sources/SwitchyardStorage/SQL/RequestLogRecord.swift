import Foundation
import SwitchyardCore

/// One row of the `request_log` table, column for column.
///
/// `started_at` is integer milliseconds since 1970-01-01T00:00:00Z. The filter columns (`key_id`, `model`,
/// `status`) are real columns behind indexes; each usage kind and the cost in nanodollars are integer columns; the
/// stages, attempts and routing decisions are JSON arrays in text columns; the payloads are nullable text.
struct RequestLogRecord: Decodable, Sendable, Equatable, BoundRow {
    static let table = "request_log"

    var requestID: String
    var startedAt: Int64
    var traceID: String?
    var durationMicroseconds: Int64
    var overheadMicroseconds: Int64
    var timeToFirstTokenMicroseconds: Int64?
    var api: String
    var keyID: String?
    var keyName: String?
    var tenant: String?
    var agent: String?
    var userID: String?
    var sessionID: String?
    var model: String
    var provider: String?
    var status: Int64
    var outcome: String
    var errorMessage: String?
    var streamed: Bool
    var routingDecisions: String
    var stages: String
    var attempts: String
    var inputTokens: Int64
    var cacheReadTokens: Int64
    var cacheWriteTokens: Int64
    var cacheWrite1hTokens: Int64
    var outputTokens: Int64
    var reasoningTokens: Int64
    var costNanodollars: Int64
    var capture: String
    var requestBody: String?
    var responseBody: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case requestID = "request_id"
        case startedAt = "started_at"
        case traceID = "trace_id"
        case durationMicroseconds = "duration_us"
        case overheadMicroseconds = "overhead_us"
        case timeToFirstTokenMicroseconds = "time_to_first_token_us"
        case api
        case keyID = "key_id"
        case keyName = "key_name"
        case tenant
        case agent
        case userID = "user_id"
        case sessionID = "session_id"
        case model
        case provider
        case status
        case outcome
        case errorMessage = "error_message"
        case streamed
        case routingDecisions = "routing_decisions"
        case stages
        case attempts
        case inputTokens = "input_tokens"
        case cacheReadTokens = "cache_read_tokens"
        case cacheWriteTokens = "cache_write_tokens"
        case cacheWrite1hTokens = "cache_write_1h_tokens"
        case outputTokens = "output_tokens"
        case reasoningTokens = "reasoning_tokens"
        case costNanodollars = "cost_nanodollars"
        case capture
        case requestBody = "request_body"
        case responseBody = "response_body"
    }

    /// A stage as its JSON column holds it (written by ``RequestLogJSON/stages(_:)``).
    private struct StoredStage: Decodable {
        var name: String
        var startMicroseconds: Int
        var durationMicroseconds: Int
        var refusal: String?
        var message: String?

        enum CodingKeys: String, CodingKey {
            case name
            case startMicroseconds = "start_us"
            case durationMicroseconds = "duration_us"
            case refusal
            case message
        }
    }

    /// An attempt as its JSON column holds it (written by ``RequestLogJSON/attempts(_:)``).
    private struct StoredAttempt: Decodable {
        var provider: String
        var model: String
        var startMicroseconds: Int
        var durationMicroseconds: Int
        var failure: String?
        var wasSent: Bool

        enum CodingKeys: String, CodingKey {
            case provider
            case model
            case startMicroseconds = "start_us"
            case durationMicroseconds = "duration_us"
            case failure
            case wasSent = "sent"
        }
    }

    /// The row that stores `entry`.
    init(_ entry: RequestLogEntry) {
        requestID = entry.requestID
        startedAt = entry.startedAt.millisecondsSince1970
        traceID = entry.traceID
        durationMicroseconds = Int64(entry.durationMicroseconds)
        overheadMicroseconds = Int64(entry.overheadMicroseconds)
        timeToFirstTokenMicroseconds = entry.timeToFirstTokenMicroseconds.map(Int64.init)
        api = entry.api
        keyID = entry.keyID
        keyName = entry.keyName
        tenant = entry.tenant
        agent = entry.agent
        userID = entry.user
        sessionID = entry.session
        model = entry.model
        provider = entry.provider
        status = Int64(entry.status)
        outcome = entry.outcome
        errorMessage = entry.errorMessage
        streamed = entry.streamed
        routingDecisions = RequestLogJSON.strings(entry.routingDecisions)
        stages = RequestLogJSON.stages(entry.stages)
        attempts = RequestLogJSON.attempts(entry.attempts)
        inputTokens = Int64(entry.usage.inputTokens)
        cacheReadTokens = Int64(entry.usage.cacheReadTokens)
        cacheWriteTokens = Int64(entry.usage.cacheWriteTokens)
        cacheWrite1hTokens = Int64(entry.usage.cacheWrite1hTokens)
        outputTokens = Int64(entry.usage.outputTokens)
        reasoningTokens = Int64(entry.usage.reasoningTokens)
        costNanodollars = entry.cost.nanodollars
        capture = entry.capture.rawValue
        requestBody = entry.requestBody
        responseBody = entry.responseBody
    }

    func value(_ column: CodingKeys) -> any Encodable & Sendable {
        switch column {
        case .requestID: requestID
        case .startedAt: startedAt
        case .traceID: traceID
        case .durationMicroseconds: durationMicroseconds
        case .overheadMicroseconds: overheadMicroseconds
        case .timeToFirstTokenMicroseconds: timeToFirstTokenMicroseconds
        case .api: api
        case .keyID: keyID
        case .keyName: keyName
        case .tenant: tenant
        case .agent: agent
        case .userID: userID
        case .sessionID: sessionID
        case .model: model
        case .provider: provider
        case .status: status
        case .outcome: outcome
        case .errorMessage: errorMessage
        case .streamed: streamed
        case .routingDecisions: routingDecisions
        case .stages: stages
        case .attempts: attempts
        case .inputTokens: inputTokens
        case .cacheReadTokens: cacheReadTokens
        case .cacheWriteTokens: cacheWriteTokens
        case .cacheWrite1hTokens: cacheWrite1hTokens
        case .outputTokens: outputTokens
        case .reasoningTokens: reasoningTokens
        case .costNanodollars: costNanodollars
        case .capture: capture
        case .requestBody: requestBody
        case .responseBody: responseBody
        }
    }

    /// The entry this row stores.
    ///
    /// - Throws: When a JSON column or the capture mode does not decode (a row written by something else).
    func requestLogEntry() throws -> RequestLogEntry {
        guard let capture = RequestLogEntry.Capture(rawValue: capture) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [CodingKeys.capture], debugDescription: "`\(capture)` is not a capture mode.")
            )
        }
        return RequestLogEntry(
            requestID: requestID,
            traceID: traceID,
            startedAt: Date(millisecondsSince1970: startedAt),
            durationMicroseconds: Int(durationMicroseconds),
            overheadMicroseconds: Int(overheadMicroseconds),
            timeToFirstTokenMicroseconds: timeToFirstTokenMicroseconds.map(Int.init),
            api: api,
            keyID: keyID,
            keyName: keyName,
            tenant: tenant,
            agent: agent,
            user: userID,
            session: sessionID,
            model: model,
            provider: provider,
            status: Int(status),
            outcome: outcome,
            errorMessage: errorMessage,
            streamed: streamed,
            routingDecisions: try Self.decode([String].self, from: routingDecisions),
            stages: try Self.decode([StoredStage].self, from: stages).map {
                RequestLogEntry.Stage(
                    name: $0.name,
                    startMicroseconds: $0.startMicroseconds,
                    durationMicroseconds: $0.durationMicroseconds,
                    refusal: $0.refusal,
                    message: $0.message
                )
            },
            attempts: try Self.decode([StoredAttempt].self, from: attempts).map {
                RequestLogEntry.Attempt(
                    provider: $0.provider,
                    model: $0.model,
                    startMicroseconds: $0.startMicroseconds,
                    durationMicroseconds: $0.durationMicroseconds,
                    failure: $0.failure,
                    wasSent: $0.wasSent
                )
            },
            usage: Usage(
                inputTokens: Int(inputTokens),
                cacheReadTokens: Int(cacheReadTokens),
                cacheWriteTokens: Int(cacheWriteTokens),
                cacheWrite1hTokens: Int(cacheWrite1hTokens),
                outputTokens: Int(outputTokens),
                reasoningTokens: Int(reasoningTokens)
            ),
            cost: Money(nanodollars: costNanodollars),
            capture: capture,
            requestBody: requestBody,
            responseBody: responseBody
        )
    }

    private static func decode<Value: Decodable>(_ type: Value.Type, from text: String) throws -> Value {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
