import SwitchyardCore
import Foundation

/// Reads how long an upstream asked callers to wait.
public enum RetryAfter {
    /// The wait from `retry-after-ms` (milliseconds, OpenAI) or `retry-after` (delta seconds), if present.
    ///
    /// The HTTP-date form of `retry-after` is not used by any provider Switchyard speaks to and is ignored.
    public static func parse(_ headers: [(name: String, value: String)]) -> Duration? {
        for (name, value) in headers where name.lowercased() == "retry-after-ms" {
            if let milliseconds = Double(value.trimmingCharacters(in: .whitespaces)), milliseconds >= 0 {
                return .milliseconds(Int64(milliseconds.rounded(.up)))
            }
        }
        for (name, value) in headers where name.lowercased() == "retry-after" {
            if let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
                return .milliseconds(Int64((seconds * 1000).rounded(.up)))
            }
        }
        return nil
    }
}
