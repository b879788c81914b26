import Foundation
import Synchronization
import SwitchyardCore

/// The start and end of the quota windows calls fall in, in the time zone quotas reset in.
///
/// Every call with a quota needs its windows' bounds, and working them out with `Calendar` each time was 1.2 % of
/// a call's CPU with a budget and a rate limit on; so the last window of each length looked up is kept, and a date
/// inside it gets its bounds without the calendar.
final class QuotaWindowBounds: Sendable {
    private let timeZone: TimeZone
    private let lastWindows = Mutex<[QuotaWindow: DateInterval]>([:])

    /// Windows as they fall in `timeZone`.
    init(timeZone: TimeZone) {
        self.timeZone = timeZone
    }

    /// The window of length `window` that contains `date`, from its first instant to the next window's (which
    /// belongs to the next window); `nil` for a `total` window, which has no bounds.
    func interval(_ window: QuotaWindow, containing date: Date) -> DateInterval? {
        guard window != .total else { return nil }
        if let last = lastWindows.withLock({ $0[window] }), last.start <= date, date < last.end {
            return last
        }
        guard let start = window.start(containing: date, in: timeZone), let end = window.end(containing: date, in: timeZone) else {
            return nil
        }
        let interval = DateInterval(start: start, end: end)
        lastWindows.withLock { $0[window] = interval }
        return interval
    }
}
