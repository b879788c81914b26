import Foundation

extension Date {
    /// ISO 8601 in UTC with exactly three decimals, from the date's whole milliseconds (as stores keep them):
    /// `2026-03-01T10:00:00.123Z`. Formatting the fraction from the floating-point seconds could print `.122`.
    var iso8601Milliseconds: String {
        let milliseconds = Int64((timeIntervalSince1970 * 1000).rounded())
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        let (wholeSeconds, wholeFraction) = fraction < 0 ? (seconds - 1, fraction + 1000) : (seconds, fraction)
        let base = Date(timeIntervalSince1970: Double(wholeSeconds)).formatted(.iso8601).dropLast()  // the "Z"
        let digits = String(wholeFraction)
        return "\(base).\(String(repeating: "0", count: 3 - digits.count))\(digits)Z"
    }
}
