import Foundation
import Synchronization

/// The calendar day a ledger entry counts towards (`2026-12-05`) in the time zone daily reports use.
///
/// Every call needs one, and working it out with `Calendar` each time was 1 % of a sequential call's CPU; so the
/// bounds of the last day looked up are kept, and a date inside them gets its label without the calendar.
final class LedgerDays: Sendable {
    private struct Day {
        /// The day's first instant, and the next day's (`DateInterval.contains` would count that one in).
        var start: Date
        var end: Date
        var label: String
    }

    private let calendar: Calendar
    private let lastDay = Mutex<Day?>(nil)

    /// Days as they fall in `timeZone`.
    init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// The label of the day `date` falls on.
    func label(of date: Date) -> String {
        if let label = lastDay.withLock({ day in day.flatMap { $0.start <= date && date < $0.end ? $0.label : nil } }) {
            return label
        }
        let label = Self.label(calendar.dateComponents([.year, .month, .day], from: date))
        if let interval = calendar.dateInterval(of: .day, for: date) {
            lastDay.withLock { $0 = Day(start: interval.start, end: interval.end, label: label) }
        }
        return label
    }

    private static func label(_ parts: DateComponents) -> String {
        let month = parts.month ?? 1
        let day = parts.day ?? 1
        return "\(parts.year ?? 1970)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}
