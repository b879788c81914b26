import SwitchyardEngine
import Testing

extension ResilienceTests {
    @Suite("Resilience: retry budget")
    struct RetryBudgetTests {
        typealias Budget = RetryBudget<ContinuousClock.Instant>

        let start = ContinuousClock.now

        func at(_ seconds: Double) -> ContinuousClock.Instant {
            start.advanced(by: .seconds(seconds))
        }

        /// Withdraws until the budget refuses, returning how many retries it granted.
        func drain(_ budget: inout Budget, now: ContinuousClock.Instant) -> Int {
            var granted = 0
            while budget.tryWithdrawRetry(now: now) {
                granted += 1
                if granted > 10_000 { break }
            }
            return granted
        }

        @Test("The documented defaults")
        func defaults() {
            let configuration = Budget.Configuration()
            #expect(configuration.ratio == 0.2)
            #expect(configuration.window == .seconds(10))
            #expect(configuration.minimumRetriesPerSecond == 1)
        }

        @Test("A quiet deployment can still retry up to the floor: one per second of window")
        func floorWithoutTraffic() {
            var budget = Budget()
            #expect(budget.availableRetries(now: at(0)) == 10)
            #expect(drain(&budget, now: at(0)) == 10)
            #expect(budget.tryWithdrawRetry(now: at(1)) == false)
            #expect(budget.retryCount(now: at(1)) == 10)
        }

        @Test("Retries are allowed up to 20% of recent requests plus the floor")
        func ratioPlusFloor() {
            var budget = Budget()
            for _ in 0..<100 { budget.recordRequest(now: at(0)) }
            #expect(budget.requestCount(now: at(0)) == 100)
            #expect(budget.availableRetries(now: at(0)) == 30)
            #expect(drain(&budget, now: at(1)) == 30)
            // Five more requests earn exactly one more retry.
            for _ in 0..<5 { budget.recordRequest(now: at(2)) }
            #expect(budget.tryWithdrawRetry(now: at(2)) == true)
            #expect(budget.tryWithdrawRetry(now: at(2)) == false)
        }

        @Test("Without a floor, retries are whole fractions of requests")
        func ratioOnly() {
            var budget = Budget(configuration: Budget.Configuration(minimumRetriesPerSecond: 0))
            #expect(budget.tryWithdrawRetry(now: at(0)) == false)
            for _ in 0..<4 { budget.recordRequest(now: at(0)) }
            #expect(budget.availableRetries(now: at(0)) == 0)
            budget.recordRequest(now: at(0))
            #expect(budget.availableRetries(now: at(0)) == 1)
            for _ in 0..<45 { budget.recordRequest(now: at(0)) }
            #expect(drain(&budget, now: at(0)) == 10)
        }

        @Test("The budget refills as spent retries slide out of the window")
        func refillsAsWindowSlides() {
            var budget = Budget()
            for _ in 0..<50 { budget.recordRequest(now: at(0)) }
            #expect(drain(&budget, now: at(0)) == 20)
            #expect(drain(&budget, now: at(9.5)) == 0)
            // At 10 s the requests and retries of the first instant have both left the window: back to the floor.
            #expect(budget.requestCount(now: at(10)) == 0)
            #expect(budget.retryCount(now: at(10)) == 0)
            #expect(drain(&budget, now: at(10)) == 10)
            // Partway: requests recorded at 12 s still count at 21 s, the retries from 10 s do not.
            for _ in 0..<25 { budget.recordRequest(now: at(12)) }
            #expect(budget.availableRetries(now: at(19)) == 5)
            #expect(budget.availableRetries(now: at(21)) == 15)
        }
    }
}
