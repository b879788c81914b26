import Foundation

/// The period a quota's counter covers before it starts again from zero.
///
/// Windows are calendar periods in a time zone — a day runs from midnight to midnight, a month from the first to
/// the first — so every replica (and every operator reading a report) agrees on when one ends. `total` never resets.
public enum QuotaWindow: String, Sendable, Hashable, CaseIterable {
    case minute
    case hour
    case day
    case month
    case total

    /// The start of the window that contains `date`, in `timeZone`; `nil` for ``total``, which has no start.
    public func start(containing date: Date, in timeZone: TimeZone) -> Date? {
        let calendar = Self.calendar(timeZone)
        switch self {
        case .minute: return calendar.dateInterval(of: .minute, for: date)?.start
        case .hour: return calendar.dateInterval(of: .hour, for: date)?.start
        case .day: return calendar.dateInterval(of: .day, for: date)?.start
        case .month: return calendar.dateInterval(of: .month, for: date)?.start
        case .total: return nil
        }
    }

    /// When the window that contains `date` ends and the next begins, in `timeZone`; `nil` for ``total``.
    ///
    /// Daylight-saving days are 23 or 25 hours long: the window follows the calendar, not a fixed length.
    public func end(containing date: Date, in timeZone: TimeZone) -> Date? {
        let calendar = Self.calendar(timeZone)
        switch self {
        case .minute: return calendar.dateInterval(of: .minute, for: date)?.end
        case .hour: return calendar.dateInterval(of: .hour, for: date)?.end
        case .day: return calendar.dateInterval(of: .day, for: date)?.end
        case .month: return calendar.dateInterval(of: .month, for: date)?.end
        case .total: return nil
        }
    }

    /// A phrase for messages: `this minute`, `today`, `this month`, `in total`.
    public var phrase: String {
        switch self {
        case .minute: "this minute"
        case .hour: "this hour"
        case .day: "today"
        case .month: "this month"
        case .total: "in total"
        }
    }

    private static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
