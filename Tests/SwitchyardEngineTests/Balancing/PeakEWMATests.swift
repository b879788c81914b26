import Foundation
import SwitchyardEngine
import Testing

extension BalancingTests {
    @Suite("Balancing: peak EWMA")
    struct PeakEWMATests {
        typealias Instant = ContinuousClock.Instant

        let start = ContinuousClock.now

        func at(_ seconds: Double) -> Instant {
            start.advanced(by: .seconds(seconds))
        }

        @Test("A fresh estimate is the initial value and does not fade")
        func fresh() {
            let defaults = PeakEWMA<Instant>()
            #expect(defaults.initial == .seconds(1))
            #expect(defaults.decay == .seconds(10))
            #expect(defaults.estimate(now: at(0)) == 1)
            #expect(defaults.estimate(now: at(3600)) == 1)

            let custom = PeakEWMA<Instant>(initial: .milliseconds(250))
            #expect(custom.estimate(now: at(5)) == 0.25)
        }

        @Test("The first sample replaces the initial value, even when lower")
        func firstSample() {
            var latency = PeakEWMA<Instant>()
            latency.observe(.milliseconds(200), now: at(0))
            #expect(abs(latency.estimate(now: at(0)) - 0.2) < 1e-12)
        }

        @Test("A sample above the estimate replaces it at once")
        func peak() {
            var latency = PeakEWMA<Instant>()
            latency.observe(.milliseconds(500), now: at(0))
            latency.observe(.seconds(4), now: at(0.001))
            #expect(latency.estimate(now: at(0.001)) == 4)
        }

        @Test("A lower sample pulls the estimate toward it by 1 − e^(−Δt/decay)")
        func decayTowardSample() {
            var latency = PeakEWMA<Instant>()
            latency.observe(.seconds(2), now: at(0))
            latency.observe(.milliseconds(500), now: at(10))
            // Faded to 2e⁻¹ over one time constant, then pulled 1 − e⁻¹ of the way to 0.5.
            let faded = 2 * exp(-1.0)
            let expected = faded * exp(-1.0) + 0.5 * (1 - exp(-1.0))
            #expect(abs(latency.estimate(now: at(10)) - expected) < 1e-9)
            #expect(latency.estimate(now: at(10)) < faded)
            #expect(latency.estimate(now: at(10)) > 0.5)
        }

        @Test("A lower sample right after the last barely moves the estimate")
        func slowToImprove() {
            var latency = PeakEWMA<Instant>()
            latency.observe(.seconds(2), now: at(0))
            latency.observe(.milliseconds(100), now: at(0.01))
            #expect(latency.estimate(now: at(0.01)) > 1.99)
        }

        @Test("Steady samples converge on their value")
        func steady() {
            var latency = PeakEWMA<Instant>()
            latency.observe(.seconds(5), now: at(0))
            for second in 1...120 {
                latency.observe(.milliseconds(300), now: at(Double(second)))
            }
            #expect(abs(latency.estimate(now: at(120)) - 0.3) < 1e-6)
        }

        @Test("Without samples the estimate fades toward zero with the time constant")
        func idleFade() {
            var latency = PeakEWMA<Instant>(decay: .seconds(5))
            latency.observe(.seconds(3), now: at(0))
            #expect(abs(latency.estimate(now: at(5)) - 3 * exp(-1.0)) < 1e-9)
            #expect(abs(latency.estimate(now: at(10)) - 3 * exp(-2.0)) < 1e-9)
            #expect(latency.estimate(now: at(600)) < 1e-9)
        }

        @Test("Reading the estimate does not change it")
        func readsArePure() {
            var read = PeakEWMA<Instant>()
            var unread = PeakEWMA<Instant>()
            read.observe(.seconds(2), now: at(0))
            unread.observe(.seconds(2), now: at(0))
            for second in 1...9 {
                _ = read.estimate(now: at(Double(second)))
            }
            read.observe(.milliseconds(700), now: at(10))
            unread.observe(.milliseconds(700), now: at(10))
            #expect(read.estimate(now: at(12)) == unread.estimate(now: at(12)))
        }

        @Test("An instant before the last sample counts as no time elapsed")
        func clockSkew() {
            var latency = PeakEWMA<Instant>()
            latency.observe(.seconds(2), now: at(10))
            #expect(latency.estimate(now: at(5)) == 2)
            latency.observe(.seconds(1), now: at(5))
            #expect(latency.estimate(now: at(10)) == 2)
        }

        @Test("Load is the estimate times calls in flight plus one")
        func load() {
            var latency = PeakEWMA<Instant>()
            latency.observe(.milliseconds(250), now: at(0))
            #expect(latency.load(inFlight: 0, now: at(0)) == 0.25)
            #expect(latency.load(inFlight: 3, now: at(0)) == 1.0)
            #expect(latency.load(inFlight: -2, now: at(0)) == 0.25)
            #expect(PeakEWMA<Instant>().load(inFlight: 1, now: at(0)) == 2)
        }
    }
}
