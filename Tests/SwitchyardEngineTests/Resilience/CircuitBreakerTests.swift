import SwitchyardEngine
import Testing

extension ResilienceTests {
    @Suite("Resilience: circuit breaker")
    struct CircuitBreakerTests {
        typealias Breaker = CircuitBreaker<ContinuousClock.Instant>

        let start = ContinuousClock.now

        func at(_ seconds: Double) -> ContinuousClock.Instant {
            start.advanced(by: .seconds(seconds))
        }

        /// A breaker opened by five failures at `seconds`.
        func openedBreaker(_ configuration: Breaker.Configuration = .init(), at seconds: Double = 0) -> Breaker {
            var breaker = Breaker(configuration: configuration)
            for _ in 0..<configuration.consecutiveFailures { breaker.recordFailure(now: at(seconds)) }
            return breaker
        }

        @Test("The documented defaults")
        func defaults() {
            let configuration = Breaker.Configuration()
            #expect(configuration.consecutiveFailures == 5)
            #expect(configuration.failureRateThreshold == 0.5)
            #expect(configuration.minimumRequests == 20)
            #expect(configuration.window == .seconds(30))
            #expect(configuration.cooldown == .seconds(10))
            #expect(configuration.cooldownMultiplier == 2)
            #expect(configuration.maximumCooldown == .seconds(300))
            #expect(configuration.halfOpenProbes == 1)
            #expect(configuration.successesToClose == 1)
            let breaker = Breaker()
            #expect(breaker.phase == .closed)
            #expect(breaker.openings == 0)
        }

        @Test("Opens after the configured number of consecutive failures, and not before")
        func opensOnConsecutiveFailures() {
            var breaker = Breaker()
            for second in 0..<4 {
                #expect(breaker.admit(now: at(Double(second))) == .allowed)
                #expect(breaker.recordFailure(now: at(Double(second))) == nil)
            }
            #expect(breaker.phase == .closed)
            #expect(breaker.recordFailure(now: at(4)) == .open(until: at(14)))
            #expect(breaker.phase == .open(until: at(14)))
            #expect(breaker.openings == 1)
        }

        @Test("A success in between resets the consecutive-failure count")
        func successResetsConsecutiveFailures() {
            var breaker = Breaker()
            for _ in 0..<4 { breaker.recordFailure(now: at(0)) }
            breaker.recordSuccess(now: at(0))
            for _ in 0..<4 { breaker.recordFailure(now: at(1)) }
            #expect(breaker.phase == .closed)
            breaker.recordFailure(now: at(1))
            #expect(breaker.phase == .open(until: at(11)))
        }

        @Test("Opens on the failure rate only once the window holds the minimum number of requests")
        func opensOnFailureRate() {
            var breaker = Breaker()
            // failure, failure, success, … : a 2/3 failure rate that never reaches five failures in a row.
            for index in 0..<19 {
                if index % 3 == 2 { breaker.recordSuccess(now: at(0)) } else { breaker.recordFailure(now: at(0)) }
            }
            #expect(breaker.requestCount(now: at(0)) == 19)
            #expect(breaker.failureRate(now: at(0)) > 0.6)
            #expect(breaker.phase == .closed)
            #expect(breaker.recordFailure(now: at(1)) == .open(until: at(11)))
            #expect(breaker.openings == 1)
        }

        @Test("Stays closed when the failure rate is below the threshold, however many requests")
        func staysClosedBelowThreshold() {
            var breaker = Breaker()
            // failure, failure, success ×3 : 40%.
            for index in 0..<100 {
                if index % 5 < 2 { breaker.recordFailure(now: at(0)) } else { breaker.recordSuccess(now: at(0)) }
            }
            #expect(breaker.phase == .closed)
            #expect(breaker.requestCount(now: at(0)) == 100)
            #expect(breaker.failureRate(now: at(0)) == 0.4)
        }

        @Test("A success never opens the breaker, even with the rate at the threshold")
        func successNeverOpens() {
            var breaker = Breaker()
            for index in 0..<19 {
                if index % 2 == 0 { breaker.recordFailure(now: at(0)) } else { breaker.recordSuccess(now: at(0)) }
            }
            // 10 failures out of 19; a success makes 10 of 20, exactly the threshold.
            #expect(breaker.recordSuccess(now: at(0)) == nil)
            #expect(breaker.phase == .closed)
            #expect(breaker.recordFailure(now: at(0)) == .open(until: at(10)))
        }

        @Test("An open breaker rejects with the instant its cooldown ends")
        func rejectsWhileOpen() {
            var breaker = openedBreaker(at: 2)
            #expect(breaker.admit(now: at(2)) == .rejected(until: at(12)))
            #expect(breaker.admit(now: start.advanced(by: .seconds(12) - .milliseconds(1))) == .rejected(until: at(12)))
            #expect(breaker.phase == .open(until: at(12)))
            #expect(breaker.phase.label == "open")
        }

        @Test("After the cooldown a half-open breaker admits exactly halfOpenProbes probes")
        func halfOpenAdmitsProbes() {
            var breaker = openedBreaker()
            #expect(breaker.admit(now: at(10)) == .probe)
            #expect(breaker.phase == .halfOpen)
            #expect(breaker.phase.label == "half_open")
            #expect(breaker.admit(now: at(11)) == .rejected(until: at(11)))

            var wider = openedBreaker(Breaker.Configuration(halfOpenProbes: 3))
            #expect((0..<3).map { _ in wider.admit(now: at(10)) } == [.probe, .probe, .probe])
            #expect(wider.admit(now: at(10)) == .rejected(until: at(10)))
        }

        @Test("A probe that ends without an outcome frees its slot")
        func releasedProbe() {
            var breaker = openedBreaker()
            #expect(breaker.admit(now: at(10)) == .probe)
            #expect(breaker.admit(now: at(10)) == .rejected(until: at(10)))
            breaker.releaseProbe()
            #expect(breaker.phase == .halfOpen)
            #expect(breaker.admit(now: at(10)) == .probe)
        }

        @Test("A successful probe closes the breaker, and the next opening uses the base cooldown again")
        func probeSuccessCloses() {
            var breaker = openedBreaker()
            #expect(breaker.admit(now: at(10)) == .probe)
            #expect(breaker.recordFailure(now: at(10)) == .open(until: at(30)))
            #expect(breaker.admit(now: at(30)) == .probe)
            #expect(breaker.recordSuccess(now: at(31)) == .closed)
            #expect(breaker.phase == .closed)
            #expect(breaker.phase.label == "closed")
            #expect(breaker.admit(now: at(31)) == .allowed)
            // The window was cleared on closing: the failures that opened it no longer count.
            #expect(breaker.requestCount(now: at(31)) == 0)
            #expect(breaker.failureRate(now: at(31)) == 0)
            for _ in 0..<5 { breaker.recordFailure(now: at(40)) }
            #expect(breaker.phase == .open(until: at(50)))
            #expect(breaker.openings == 3)
        }

        @Test("Each failed probe re-opens the breaker with the cooldown multiplied, up to the maximum")
        func probeFailureGrowsCooldown() {
            var breaker = openedBreaker(Breaker.Configuration(maximumCooldown: .seconds(35)))
            var now = at(0)
            var cooldowns: [Duration] = []
            for _ in 0..<4 {
                guard case .open(let until) = breaker.phase else {
                    Issue.record("expected an open breaker, got \(breaker.phase)")
                    return
                }
                cooldowns.append(now.duration(to: until))
                #expect(breaker.admit(now: until) == .probe)
                breaker.recordFailure(now: until)
                now = until
            }
            #expect(cooldowns == [.seconds(10), .seconds(20), .seconds(35), .seconds(35)])
            #expect(breaker.openings == 5)
        }

        @Test("Closing takes successesToClose successful probes, admitting a new probe after each")
        func successesToClose() {
            var breaker = openedBreaker(Breaker.Configuration(successesToClose: 2))
            #expect(breaker.admit(now: at(10)) == .probe)
            #expect(breaker.recordSuccess(now: at(10)) == nil)
            #expect(breaker.phase == .halfOpen)
            #expect(breaker.admit(now: at(10)) == .probe)
            #expect(breaker.recordSuccess(now: at(10)) == .closed)
        }

        @Test("Outcomes of requests admitted before the breaker opened do not change an open breaker")
        func lateOutcomesWhileOpen() {
            var breaker = openedBreaker()
            #expect(breaker.recordSuccess(now: at(1)) == nil)
            #expect(breaker.recordFailure(now: at(1)) == nil)
            #expect(breaker.phase == .open(until: at(10)))
            #expect(breaker.openings == 1)
            #expect(breaker.requestCount(now: at(1)) == 7)
        }

        @Test("Outcomes fall out of the sliding window")
        func windowSlides() {
            var breaker = Breaker(configuration: Breaker.Configuration(consecutiveFailures: 1000))
            for _ in 0..<15 { breaker.recordFailure(now: at(0)) }
            for _ in 0..<5 { breaker.recordSuccess(now: at(15)) }
            #expect(breaker.requestCount(now: at(29)) == 20)
            #expect(breaker.failureRate(now: at(29)) == 0.75)
            // 30 s after the first batch only the successes remain.
            #expect(breaker.requestCount(now: at(30)) == 5)
            #expect(breaker.failureRate(now: at(30)) == 0)
            #expect(breaker.requestCount(now: at(45)) == 0)
            // Ten more failures would open a breaker that remembered the first fifteen; this one is below the minimum.
            for _ in 0..<14 { breaker.recordFailure(now: at(30)) }
            #expect(breaker.phase == .closed)
            #expect(breaker.recordFailure(now: at(30)) == .open(until: at(40)))
        }

        @Test("An outcome reported with a slightly earlier instant is still counted")
        func outOfOrderInstants() {
            var breaker = Breaker()
            breaker.recordSuccess(now: at(10))
            breaker.recordFailure(now: at(9.5))
            #expect(breaker.requestCount(now: at(9)) == 2)
            #expect(breaker.failureRate(now: at(10)) == 0.5)
            // Older than the whole window: dropped.
            breaker.recordFailure(now: at(-30))
            #expect(breaker.requestCount(now: at(10)) == 2)
        }
    }
}
