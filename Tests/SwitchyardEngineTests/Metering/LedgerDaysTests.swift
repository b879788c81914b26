import Foundation
@testable import SwitchyardEngine
import Testing

@Suite("Ledger days")
struct LedgerDaysTests {
    private static func date(_ text: String) throws -> Date {
        try #require(try? Date(text, strategy: .iso8601))
    }

    @Test("A date gets the day it falls on in the time zone, before and after the day last looked up")
    func labels() throws {
        let days = LedgerDays(timeZone: try #require(TimeZone(identifier: "Asia/Tokyo")))
        #expect(days.label(of: try Self.date("2026-12-05T14:59:59Z")) == "2026-12-05")
        #expect(days.label(of: try Self.date("2026-12-05T15:00:00Z")) == "2026-12-06")
        #expect(days.label(of: try Self.date("2026-12-05T14:00:00Z")) == "2026-12-05")
        #expect(days.label(of: try Self.date("2026-01-31T16:00:00Z")) == "2026-02-01")
        #expect(days.label(of: try Self.date("2026-12-05T15:00:00Z")) == "2026-12-06")
    }

    @Test("A day with a daylight-saving change ends at its own midnight")
    func daylightSaving() throws {
        let days = LedgerDays(timeZone: try #require(TimeZone(identifier: "America/New_York")))
        // 8 March 2026 has 23 hours in New York: midnight EST (05:00Z) to midnight EDT (04:00Z next day).
        #expect(days.label(of: try Self.date("2026-03-08T05:00:00Z")) == "2026-03-08")
        #expect(days.label(of: try Self.date("2026-03-09T03:59:59Z")) == "2026-03-08")
        #expect(days.label(of: try Self.date("2026-03-09T04:00:00Z")) == "2026-03-09")
        #expect(days.label(of: try Self.date("2026-03-08T04:59:59Z")) == "2026-03-07")
    }
}
