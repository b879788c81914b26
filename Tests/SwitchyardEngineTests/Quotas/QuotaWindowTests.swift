import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardEngine

/// Calendar windows: where each starts and ends, in UTC and in zones with daylight saving, and the counters a call
/// draws on as time moves across a boundary (a fixed clock: every date here is a literal).
@Suite("Quota windows")
struct QuotaWindowTests {
    static let utc = TimeZone(identifier: "UTC")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static let newYork = TimeZone(identifier: "America/New_York")!

    static func date(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    @Test("Each window's start and end around 2026-11-23T19:36:47Z in UTC")
    func utcWindows() {
        let now = Self.date("2026-11-23T19:36:47Z")
        #expect(QuotaWindow.minute.start(containing: now, in: Self.utc) == Self.date("2026-11-23T19:36:00Z"))
        #expect(QuotaWindow.minute.end(containing: now, in: Self.utc) == Self.date("2026-11-23T19:37:00Z"))
        #expect(QuotaWindow.hour.start(containing: now, in: Self.utc) == Self.date("2026-11-23T19:00:00Z"))
        #expect(QuotaWindow.day.start(containing: now, in: Self.utc) == Self.date("2026-11-23T00:00:00Z"))
        #expect(QuotaWindow.day.end(containing: now, in: Self.utc) == Self.date("2026-11-24T00:00:00Z"))
        #expect(QuotaWindow.month.start(containing: now, in: Self.utc) == Self.date("2026-11-01T00:00:00Z"))
        #expect(QuotaWindow.month.end(containing: now, in: Self.utc) == Self.date("2026-12-01T00:00:00Z"))
        #expect(QuotaWindow.total.start(containing: now, in: Self.utc) == nil)
        #expect(QuotaWindow.total.end(containing: now, in: Self.utc) == nil)
    }

    @Test("A day resets at local midnight, and the day clocks spring forward is 23 hours long")
    func daylightSaving() {
        // 2026-03-29: Berlin moves from UTC+1 to UTC+2 at 02:00 local.
        let noon = Self.date("2026-03-29T10:00:00Z")
        let start = QuotaWindow.day.start(containing: noon, in: Self.berlin)
        let end = QuotaWindow.day.end(containing: noon, in: Self.berlin)
        #expect(start == Self.date("2026-03-28T23:00:00Z"))
        #expect(end == Self.date("2026-03-29T22:00:00Z"))
        #expect(end.flatMap { end in start.map { end.timeIntervalSince($0).rounded() } } == 82_800)
        // 23:30 UTC on the 23rd is already the 24th in Berlin.
        #expect(QuotaWindow.day.start(containing: Self.date("2026-11-23T23:30:00Z"), in: Self.berlin) == Self.date("2026-11-23T23:00:00Z"))
    }

    @Test("A month in New York runs from local midnight on the first, across the change back to standard time")
    func monthInNewYork() {
        let now = Self.date("2026-11-15T12:00:00Z")
        #expect(QuotaWindow.month.start(containing: now, in: Self.newYork) == Self.date("2026-11-01T04:00:00Z"))
        #expect(QuotaWindow.month.end(containing: now, in: Self.newYork) == Self.date("2026-12-01T05:00:00Z"))
    }

    @Test("Kept window bounds are the calendar's, moving across local midnight and the 23-hour day, and back")
    func keptBounds() {
        let windows = QuotaWindowBounds(timeZone: Self.berlin)
        // Berlin: 2026-03-28 ends at 23:00 UTC; the 29th (clocks spring forward) is 23 hours long, to 22:00 UTC.
        let dates = [
            "2026-03-28T22:59:59Z", "2026-03-28T23:00:00Z", "2026-03-29T10:00:00Z", "2026-03-29T21:59:59Z",
            "2026-03-29T22:00:00Z", "2026-03-29T10:00:00Z", "2026-03-31T21:59:59Z", "2026-03-31T22:00:00Z",
        ].map(Self.date)
        for date in dates {
            for window in QuotaWindow.allCases {
                let interval = windows.interval(window, containing: date)
                #expect(interval?.start == window.start(containing: date, in: Self.berlin), "\(window) containing \(date)")
                #expect(interval?.end == window.end(containing: date, in: Self.berlin), "\(window) containing \(date)")
            }
        }
    }

    @Test("A call just before and just after midnight draws on different counters; a total quota on one")
    func countersRollOver() {
        let daily = Quota(id: "q-day", kind: .budget, scope: QuotaScope(.key, "key_1"), metric: .usd, limit: 100, window: .day)
        let total = Quota(id: "q-total", kind: .budget, scope: QuotaScope(.key, "key_1"), metric: .usd, limit: 100, window: .total)
        let principal = Principal(keyID: "key_1", keyName: "ci-bot")
        let windows = QuotaWindowBounds(timeZone: Self.utc)
        let before = QuotaBinding.bindings(of: [daily, total], for: principal, now: Self.date("2026-11-23T23:59:59Z"), windows: windows)
        let after = QuotaBinding.bindings(of: [daily, total], for: principal, now: Self.date("2026-11-24T00:00:01Z"), windows: windows)
        #expect(before[0].counter == QuotaCounterID(name: "q-day", windowStart: 1_795_392_000_000))
        #expect(after[0].counter == QuotaCounterID(name: "q-day", windowStart: 1_795_478_400_000))
        #expect(before[0].windowEnd == Self.date("2026-11-24T00:00:00Z"))
        #expect(before[1].counter == after[1].counter)
        #expect(before[1].counter.windowStart == 0)
        #expect(before[0].scopeLabel == "key:ci-bot/day")
    }

    @Test("Scopes bind to the right principals: by id or key name, per principal for `kind:*`, never without an identity")
    func scopes() {
        let now = Self.date("2026-11-23T12:00:00Z")
        let quotas = [
            Quota(id: "by-name", kind: .budget, scope: QuotaScope(.key, "ci-bot"), metric: .usd, limit: 1, window: .day),
            Quota(id: "other-key", kind: .budget, scope: QuotaScope(.key, "key_2"), metric: .usd, limit: 1, window: .day),
            Quota(id: "each-user", kind: .budget, scope: QuotaScope(.user), metric: .tokens, limit: 1, window: .day),
            Quota(id: "session", kind: .stepLimit, scope: QuotaScope(.session), metric: .requests, limit: 1, window: .total),
            Quota(id: "team", kind: .rateLimit, scope: QuotaScope(.tenant, "research"), metric: .requests, limit: 1, window: .minute),
            Quota(id: "everyone", kind: .budget, scope: QuotaScope(.global), metric: .usd, limit: 1, window: .month),
        ]
        let alice = Principal(keyID: "key_1", keyName: "ci-bot", tenant: "research", user: "alice")
        let names = QuotaBinding.bindings(of: quotas, for: alice, now: now, windows: QuotaWindowBounds(timeZone: Self.utc)).map(\.counter.name)
        #expect(names == ["by-name", "each-user@user:alice", "team", "everyone"])
        let bob = Principal(keyID: "key_1", keyName: "ci-bot", tenant: "research", user: "bob", session: "run-7")
        let bobsNames = QuotaBinding.bindings(of: quotas, for: bob, now: now, windows: QuotaWindowBounds(timeZone: Self.utc)).map(\.counter.name)
        #expect(bobsNames == ["by-name", "each-user@user:bob", "session@session:run-7", "team", "everyone"])
    }

    @Test("Scopes parse and print; unknown kinds and empty ids are refused")
    func scopeParsing() {
        #expect(QuotaScope(parsing: "tenant:research") == QuotaScope(.tenant, "research"))
        #expect(QuotaScope(parsing: "user:*") == QuotaScope(.user))
        #expect(QuotaScope(parsing: "global") == QuotaScope(.global))
        #expect(QuotaScope(parsing: "team:research") == nil)
        #expect(QuotaScope(parsing: "key:") == nil)
        #expect(QuotaScope(parsing: "global:x") == nil)
        #expect(QuotaScope(.user).description == "user:*")
    }
}
