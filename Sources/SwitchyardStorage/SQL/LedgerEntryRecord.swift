import Foundation
import SwitchyardCore

/// One row of the `ledger_entries` table, column for column.
///
/// `recorded_at` is integer milliseconds since 1970-01-01T00:00:00Z; each usage kind, the cost in nanodollars, the
/// latency and the overhead are integer columns of their own, so sums in SQL are exact.
struct LedgerEntryRecord: Decodable, Sendable, Equatable, BoundRow {
    static let table = "ledger_entries"

    var requestID: String
    var recordedAt: Int64
    var day: String
    var keyID: String?
    var tenant: String?
    var agent: String?
    var userID: String?
    var sessionID: String?
    var model: String
    var provider: String?
    var deploymentModel: String?
    var inputTokens: Int64
    var cacheReadTokens: Int64
    var cacheWriteTokens: Int64
    var cacheWrite1hTokens: Int64
    var outputTokens: Int64
    var reasoningTokens: Int64
    var costNanodollars: Int64
    var latencyMilliseconds: Int64
    var overheadMicroseconds: Int64
    var outcome: String
    var streamed: Bool

    enum CodingKeys: String, CodingKey, CaseIterable {
        case requestID = "request_id"
        case recordedAt = "recorded_at"
        case day
        case keyID = "key_id"
        case tenant
        case agent
        case userID = "user_id"
        case sessionID = "session_id"
        case model
        case provider
        case deploymentModel = "deployment_model"
        case inputTokens = "input_tokens"
        case cacheReadTokens = "cache_read_tokens"
        case cacheWriteTokens = "cache_write_tokens"
        case cacheWrite1hTokens = "cache_write_1h_tokens"
        case outputTokens = "output_tokens"
        case reasoningTokens = "reasoning_tokens"
        case costNanodollars = "cost_nanodollars"
        case latencyMilliseconds = "latency_ms"
        case overheadMicroseconds = "overhead_us"
        case outcome
        case streamed
    }

    /// The column that holds each report dimension.
    static func column(for dimension: UsageQuery.Dimension) -> String {
        switch dimension {
        case .key: CodingKeys.keyID.rawValue
        case .tenant: CodingKeys.tenant.rawValue
        case .agent: CodingKeys.agent.rawValue
        case .user: CodingKeys.userID.rawValue
        case .model: CodingKeys.model.rawValue
        case .provider: CodingKeys.provider.rawValue
        case .day: CodingKeys.day.rawValue
        }
    }

    /// The usage columns with the key path of the count each holds, in table order.
    static let usageColumns: [(column: String, keyPath: any WritableKeyPath<Usage, Int> & Sendable)] = [
        (CodingKeys.inputTokens.rawValue, \.inputTokens),
        (CodingKeys.cacheReadTokens.rawValue, \.cacheReadTokens),
        (CodingKeys.cacheWriteTokens.rawValue, \.cacheWriteTokens),
        (CodingKeys.cacheWrite1hTokens.rawValue, \.cacheWrite1hTokens),
        (CodingKeys.outputTokens.rawValue, \.outputTokens),
        (CodingKeys.reasoningTokens.rawValue, \.reasoningTokens),
    ]

    /// The row that stores `entry`.
    init(_ entry: LedgerEntry) {
        requestID = entry.requestID
        recordedAt = entry.recordedAt.millisecondsSince1970
        day = entry.day
        keyID = entry.keyID
        tenant = entry.tenant
        agent = entry.agent
        userID = entry.user
        sessionID = entry.session
        model = entry.model
        provider = entry.provider
        deploymentModel = entry.deploymentModel
        inputTokens = Int64(entry.usage.inputTokens)
        cacheReadTokens = Int64(entry.usage.cacheReadTokens)
        cacheWriteTokens = Int64(entry.usage.cacheWriteTokens)
        cacheWrite1hTokens = Int64(entry.usage.cacheWrite1hTokens)
        outputTokens = Int64(entry.usage.outputTokens)
        reasoningTokens = Int64(entry.usage.reasoningTokens)
        costNanodollars = entry.cost.nanodollars
        latencyMilliseconds = Int64(entry.latencyMilliseconds)
        overheadMicroseconds = Int64(entry.overheadMicroseconds)
        outcome = entry.outcome
        streamed = entry.streamed
    }

    func value(_ column: CodingKeys) -> any Encodable & Sendable {
        switch column {
        case .requestID: requestID
        case .recordedAt: recordedAt
        case .day: day
        case .keyID: keyID
        case .tenant: tenant
        case .agent: agent
        case .userID: userID
        case .sessionID: sessionID
        case .model: model
        case .provider: provider
        case .deploymentModel: deploymentModel
        case .inputTokens: inputTokens
        case .cacheReadTokens: cacheReadTokens
        case .cacheWriteTokens: cacheWriteTokens
        case .cacheWrite1hTokens: cacheWrite1hTokens
        case .outputTokens: outputTokens
        case .reasoningTokens: reasoningTokens
        case .costNanodollars: costNanodollars
        case .latencyMilliseconds: latencyMilliseconds
        case .overheadMicroseconds: overheadMicroseconds
        case .outcome: outcome
        case .streamed: streamed
        }
    }

    /// The entry this row stores.
    func ledgerEntry() -> LedgerEntry {
        LedgerEntry(
            requestID: requestID,
            recordedAt: Date(millisecondsSince1970: recordedAt),
            day: day,
            keyID: keyID,
            tenant: tenant,
            agent: agent,
            user: userID,
            session: sessionID,
            model: model,
            provider: provider,
            deploymentModel: deploymentModel,
            usage: Usage(
                inputTokens: Int(inputTokens),
                cacheReadTokens: Int(cacheReadTokens),
                cacheWriteTokens: Int(cacheWriteTokens),
                cacheWrite1hTokens: Int(cacheWrite1hTokens),
                outputTokens: Int(outputTokens),
                reasoningTokens: Int(reasoningTokens)
            ),
            cost: Money(nanodollars: costNanodollars),
            latencyMilliseconds: Int(latencyMilliseconds),
            overheadMicroseconds: Int(overheadMicroseconds),
            outcome: outcome,
            streamed: streamed
        )
    }
}
