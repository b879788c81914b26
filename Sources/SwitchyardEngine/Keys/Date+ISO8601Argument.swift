import Foundation

extension Date {
    /// Parses what operators type for a date: a day such as `2027-01-31` (midnight UTC) or a date-time such as
    /// `2027-01-31T12:00:00Z`, `2027-01-31T12:00:00.250+02:00`. Returns `nil` for anything else.
    ///
    /// Shared by the admin API (`expires_at`, `since`, `until`) and the CLI (`--expires`).
    public init?(iso8601Argument text: String) {
        let styles: [Date.ISO8601FormatStyle] = [
            .iso8601,
            Date.ISO8601FormatStyle(includingFractionalSeconds: true),
            Date.ISO8601FormatStyle().year().month().day(),
        ]
        for style in styles {
            if let date = try? style.parse(text) {
                self = date
                return
            }
        }
        return nil
    }

    /// Whether `text` is a day alone (`YYYY-MM-DD`), with no time of day.
    public static func isDayOnlyArgument(_ text: String) -> Bool {
        text.count == 10 && (try? Date.ISO8601FormatStyle().year().month().day().parse(text)) != nil
    }
}
