import Foundation
import SwitchyardCore

/// One row of the `quotas` table, column for column (beside `insertion_order`, which the database assigns).
///
/// The scope is stored as its text form (`global`, `KIND:ID`, `KIND:*`), the thresholds as a JSON array of integers.
struct QuotaRecord: Codable, Sendable, Equatable {
    static let table = "quotas"

    /// Every column read back, in table order.
    static let columns = ["id", "kind", "scope", "metric", "limit", "window", "alert_thresholds"]

    var id: String
    var kind: String
    var scope: String
    var metric: String
    var limit: Int64
    var window: String
    var alertThresholds: String

    enum CodingKeys: String, CodingKey {
        case id
        case kind
        case scope
        case metric
        case limit
        case window
        case alertThresholds = "alert_thresholds"
    }

    /// The row that stores `quota`.
    init(_ quota: Quota) throws {
        id = quota.id
        kind = quota.kind.rawValue
        scope = quota.scope.description
        metric = quota.metric.rawValue
        limit = quota.limit
        window = quota.window.rawValue
        alertThresholds = String(decoding: try JSONEncoder().encode(quota.alertThresholds), as: UTF8.self)
    }

    /// A column held a value this build does not know.
    struct UnknownValueError: Error, CustomStringConvertible {
        var column: String
        var value: String
        var description: String { "quotas.\(column) holds the unknown value '\(value)'" }
    }

    /// The quota this row stores.
    ///
    /// - Throws: ``UnknownValueError`` for a kind, scope, metric or window this build does not know; `DecodingError`
    ///   when `alert_thresholds` is not a JSON array of integers.
    func quota() throws -> Quota {
        guard let kind = Quota.Kind(rawValue: kind) else { throw UnknownValueError(column: "kind", value: kind) }
        guard let scope = QuotaScope(parsing: scope) else { throw UnknownValueError(column: "scope", value: scope) }
        guard let metric = Quota.Metric(rawValue: metric) else {
            throw UnknownValueError(column: "metric", value: metric)
        }
        guard let window = QuotaWindow(rawValue: window) else {
            throw UnknownValueError(column: "window", value: window)
        }
        return Quota(
            id: id,
            kind: kind,
            scope: scope,
            metric: metric,
            limit: limit,
            window: window,
            alertThresholds: try JSONDecoder().decode([Int].self, from: Data(alertThresholds.utf8))
        )
    }
}
