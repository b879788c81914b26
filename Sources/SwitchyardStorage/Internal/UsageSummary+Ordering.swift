import SwitchyardCore

extension Array where Element == UsageSummary {
    /// The rows ordered by their grouped values, dimension by dimension, a missing value sorting as the empty
    /// string; every store orders its reports this way, whatever its database's collation.
    func ordered(by groupBy: [UsageQuery.Dimension]) -> [UsageSummary] {
        sorted { lhs, rhs in
            groupBy.map { lhs.group[$0] ?? "" }.lexicographicallyPrecedes(groupBy.map { rhs.group[$0] ?? "" })
        }
    }
}
