import Foundation
import SwitchyardCore

extension InMemoryStore {
    struct LedgerState {
        var entries: [LedgerEntry] = []
        var recordedIDs: Set<String> = []
    }
}

extension InMemoryStore: LedgerStore {
    /// Appends entries, skipping request ids already recorded.
    public func append(_ entries: [LedgerEntry]) async throws {
        ledgerState.withLock { state in
            for var entry in entries where state.recordedIDs.insert(entry.requestID).inserted {
                entry.recordedAt = entry.recordedAt.roundedToMilliseconds
                state.entries.append(entry)
            }
        }
    }

    /// Totals over the matching entries, one row per group, ordered by the grouped values.
    public func usage(_ query: UsageQuery) async throws -> [UsageSummary] {
        let entries = ledgerState.withLock { $0.entries }
        var rows: [[String?]: UsageSummary] = [:]
        for entry in entries where query.matches(entry) {
            let values = query.groupBy.map { entry.value(of: $0) }
            var row = rows[values] ?? UsageSummary(group: [:], requests: 0, errors: 0, usage: .zero, cost: .zero)
            for (dimension, value) in zip(query.groupBy, values) {
                row.group[dimension] = value
            }
            row.requests += 1
            row.errors += entry.outcome == "ok" || entry.outcome == "cancelled" ? 0 : 1
            row.usage.add(entry.usage)
            row.cost = row.cost + entry.cost
            rows[values] = row
        }
        return Array(rows.values).ordered(by: query.groupBy)
    }

    /// The entry for one request; `nil` when none.
    public func entry(requestID: String) async throws -> LedgerEntry? {
        ledgerState.withLock { state in state.entries.first { $0.requestID == requestID } }
    }
}

extension UsageQuery {
    fileprivate func matches(_ entry: LedgerEntry) -> Bool {
        if let since, entry.recordedAt < since { return false }
        if let until, entry.recordedAt >= until { return false }
        return filters.allSatisfy { dimension, value in entry.value(of: dimension) == value }
    }
}

extension LedgerEntry {
    /// The entry's value of a report dimension.
    func value(of dimension: UsageQuery.Dimension) -> String? {
        switch dimension {
        case .key: keyID
        case .tenant: tenant
        case .agent: agent
        case .user: user
        case .model: model
        case .provider: provider
        case .day: day
        }
    }
}

extension Usage {
    /// Adds another call's counts, kind by kind.
    mutating func add(_ other: Usage) {
        inputTokens += other.inputTokens
        cacheReadTokens += other.cacheReadTokens
        cacheWriteTokens += other.cacheWriteTokens
        cacheWrite1hTokens += other.cacheWrite1hTokens
        outputTokens += other.outputTokens
        reasoningTokens += other.reasoningTokens
    }
}
