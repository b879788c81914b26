import Foundation

/// A question to the ledger: totals over a time range, grouped by some dimensions, optionally filtered.
public struct UsageQuery: Sendable, Hashable {
    /// A column the totals can be grouped or filtered by.
    public enum Dimension: String, Sendable, Hashable, CaseIterable {
        case key
        case tenant
        case agent
        case user
        case model
        case provider
        case day
    }

    /// The dimensions to group by, in the order rows list them; empty for one grand total.
    public var groupBy: [Dimension]
    /// Only entries recorded at or after this instant.
    public var since: Date?
    /// Only entries recorded before this instant.
    public var until: Date?
    /// Only entries whose dimension equals the value.
    public var filters: [Dimension: String]

    /// Creates a query.
    public init(groupBy: [Dimension] = [], since: Date? = nil, until: Date? = nil, filters: [Dimension: String] = [:]) {
        self.groupBy = groupBy
        self.since = since
        self.until = until
        self.filters = filters
    }
}

/// One row of a usage report: the group's values and its totals.
public struct UsageSummary: Sendable, Hashable {
    /// The value of each grouped dimension (absent when the entries have none, such as a key on an open gateway).
    public var group: [UsageQuery.Dimension: String]
    /// How many calls.
    public var requests: Int
    /// How many of them ended in an error.
    public var errors: Int
    /// Their token counts, summed kind by kind.
    public var usage: Usage
    /// Their cost, summed.
    public var cost: Money

    /// Creates a report row.
    public init(group: [UsageQuery.Dimension: String], requests: Int, errors: Int, usage: Usage, cost: Money) {
        self.group = group
        self.requests = requests
        self.errors = errors
        self.usage = usage
        self.cost = cost
    }
}
