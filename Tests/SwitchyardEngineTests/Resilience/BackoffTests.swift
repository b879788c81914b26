import SwitchyardEngine
import Testing

/// SplitMix64 (Steele, Lea and Flood): a tiny seeded generator so the jitter tests are deterministic.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ResilienceTests {
    @Suite("Resilience: backoff")
    struct BackoffTests {
        @Test("The documented defaults")
        func defaults() {
            #expect(Backoff() == Backoff(base: .milliseconds(100), maximum: .seconds(5)))
        }

        @Test(
            "Retry n waits uniformly within [0, min(maximum, base·2^(n−1))]",
            arguments: [
                (1, Duration.milliseconds(100)), (2, .milliseconds(200)), (3, .milliseconds(400)),
                (5, .milliseconds(1600)), (6, .milliseconds(3200)), (7, .seconds(5)), (40, .seconds(5)),
            ]
        )
        func jitteredBounds(retry: Int, ceiling: Duration) throws {
            var generator = SplitMix64(state: UInt64(retry))
            let samples = try (0..<2000).map { _ in
                try #require(Backoff().delay(forRetry: retry, retryAfter: nil, using: &generator))
            }
            let smallest = try #require(samples.min())
            let largest = try #require(samples.max())
            #expect(smallest >= .zero)
            #expect(largest <= ceiling)
            // Full jitter: the samples spread over the whole range, averaging about half the ceiling.
            #expect(smallest < ceiling * 0.01)
            #expect(largest > ceiling * 0.99)
            let mean = samples.reduce(Duration.zero, +) / samples.count
            #expect(mean > ceiling * 0.45 && mean < ceiling * 0.55)
        }

        @Test("A seeded generator gives the same delays twice")
        func deterministic() {
            var first = SplitMix64(state: 42)
            var second = SplitMix64(state: 42)
            let backoff = Backoff()
            let a = (1...5).map { backoff.delay(forRetry: $0, retryAfter: nil, using: &first) }
            let b = (1...5).map { backoff.delay(forRetry: $0, retryAfter: nil, using: &second) }
            #expect(a == b)
        }

        @Test("Retry numbers below 1 count as the first retry")
        func retryBelowOne() throws {
            var generator = SplitMix64(state: 7)
            for _ in 0..<200 {
                let delay = try #require(Backoff().delay(forRetry: 0, retryAfter: nil, using: &generator))
                #expect(delay <= .milliseconds(100))
            }
        }

        @Test("An upstream's Retry-After is honoured exactly when it fits within the maximum")
        func retryAfterHonoured() {
            var generator = SplitMix64(state: 1)
            let backoff = Backoff()
            #expect(backoff.delay(forRetry: 1, retryAfter: .seconds(2), using: &generator) == .seconds(2))
            #expect(backoff.delay(forRetry: 3, retryAfter: .milliseconds(1), using: &generator) == .milliseconds(1))
            #expect(backoff.delay(forRetry: 1, retryAfter: .seconds(5), using: &generator) == .seconds(5))
            #expect(backoff.delay(forRetry: 1, retryAfter: .zero, using: &generator) == .zero)
            #expect(backoff.delay(forRetry: 1, retryAfter: .seconds(-3), using: &generator) == .zero)
        }

        @Test("A Retry-After longer than the maximum means: do not wait, move on")
        func retryAfterPastMaximum() {
            var generator = SplitMix64(state: 1)
            #expect(Backoff().delay(forRetry: 1, retryAfter: .seconds(5) + .nanoseconds(1), using: &generator) == nil)
            #expect(Backoff().delay(forRetry: 1, retryAfter: .seconds(60), using: &generator) == nil)
            #expect(Backoff(maximum: .seconds(120)).delay(forRetry: 1, retryAfter: .seconds(60), using: &generator) == .seconds(60))
        }

        @Test("A zero base never waits")
        func zeroBase() {
            var generator = SplitMix64(state: 3)
            #expect(Backoff(base: .zero).delay(forRetry: 30, retryAfter: nil, using: &generator) == .zero)
        }
    }
}
