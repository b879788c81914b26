/// A table row that is read through `Decodable` and inserted as bound values: its columns are its `CodingKeys`, in
/// declaration order, and each column's value comes from ``value(_:)`` — an exhaustive switch, so a column added
/// without a value does not compile, and the names and the values cannot drift apart.
protocol BoundRow {
    associatedtype CodingKeys: CodingKey & CaseIterable & RawRepresentable<String>

    /// The table the rows are in.
    static var table: String { get }

    /// The value bound for `column` (`nil` as `NULL`).
    func value(_ column: CodingKeys) -> any Encodable & Sendable
}

extension BoundRow {
    /// Every column, in table order.
    static var columns: [String] { CodingKeys.allCases.map(\.rawValue) }

    /// The row's values in ``columns`` order: an insert of these skips encoding the record through `Codable`
    /// (SQLKit's `models`), which was a third of a request-log batch's time.
    var columnValues: [any Encodable & Sendable] { CodingKeys.allCases.map(value) }
}
