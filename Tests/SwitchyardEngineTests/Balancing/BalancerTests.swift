import SwitchyardEngine
import Testing

/// SplitMix64 (Steele, Lea and Flood): a tiny seeded generator so the distribution tests are deterministic.
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

extension BalancingTests {
    @Suite("Balancing: balancer")
    struct BalancerTests {
        typealias Candidate = Balancer.Candidate

        static let draws = 10_000

        /// How often each index came first over ``draws`` orders, as fractions.
        static func firstPickShares(
            _ candidates: [Candidate],
            strategy: BalancingStrategy,
            seed: UInt64
        ) -> [Double] {
            var generator = SplitMix64(state: seed)
            var counts = Array(repeating: 0, count: candidates.count)
            for _ in 0..<draws {
                let order = Balancer.order(candidates, strategy: strategy, using: &generator)
                counts[order[0]] += 1
            }
            return counts.map { Double($0) / Double(draws) }
        }

        @Test("Every order is a permutation of the candidates' indices", arguments: BalancingStrategy.allCases)
        func permutations(strategy: BalancingStrategy) {
            var generator = SplitMix64(state: 99)
            for _ in 0..<2_000 {
                let count = Int.random(in: 0...8, using: &generator)
                let candidates = (0..<count).map { _ in
                    Candidate(
                        weight: Int.random(in: -1...5, using: &generator),
                        inFlight: Int.random(in: 0...3, using: &generator),
                        latencyLoad: [0, 0.5, 1, 2, .infinity, .nan].randomElement(using: &generator) ?? 0
                    )
                }
                let order = Balancer.order(candidates, strategy: strategy, using: &generator)
                #expect(order.sorted() == Array(candidates.indices))
            }
        }

        @Test("One candidate is the order; none is an empty order", arguments: BalancingStrategy.allCases)
        func trivial(strategy: BalancingStrategy) {
            var generator = SplitMix64(state: 1)
            #expect(Balancer.order([Candidate(weight: 0, inFlight: 9, latencyLoad: 9)], strategy: strategy, using: &generator) == [0])
            #expect(Balancer.order([], strategy: strategy, using: &generator).isEmpty)
        }

        @Test("A candidate of weight zero comes last while another remains", arguments: BalancingStrategy.allCases)
        func standbyLast(strategy: BalancingStrategy) {
            var generator = SplitMix64(state: 5)
            let candidates = [
                Candidate(weight: 0, inFlight: 0, latencyLoad: 0),
                Candidate(weight: 1, inFlight: 7, latencyLoad: 30),
                Candidate(weight: 2, inFlight: 5, latencyLoad: 20),
            ]
            for _ in 0..<1_000 {
                let order = Balancer.order(candidates, strategy: strategy, using: &generator)
                #expect(order.last == 0)
            }
        }

        @Test("Weighted random picks 3:1 weights 75% / 25% of the time")
        func weightedShares() {
            let shares = Self.firstPickShares([Candidate(weight: 3), Candidate(weight: 1)], strategy: .weightedRandom, seed: 42)
            #expect(abs(shares[0] - 0.75) < 0.03)
            #expect(abs(shares[1] - 0.25) < 0.03)
        }

        @Test("Weighted random follows 5:3:2 weights, and samples the fallbacks without replacement")
        func weightedSharesThree() {
            let candidates = [Candidate(weight: 5), Candidate(weight: 3), Candidate(weight: 2)]
            let shares = Self.firstPickShares(candidates, strategy: .weightedRandom, seed: 7)
            #expect(abs(shares[0] - 0.5) < 0.03)
            #expect(abs(shares[1] - 0.3) < 0.03)
            #expect(abs(shares[2] - 0.2) < 0.03)

            // P(index 0 second) = P(1 first)·5/7 + P(2 first)·5/8 = 0.3·5/7 + 0.2·5/8 ≈ 0.339.
            var generator = SplitMix64(state: 8)
            var secondZero = 0
            for _ in 0..<Self.draws {
                let order = Balancer.order(candidates, strategy: .weightedRandom, using: &generator)
                if order[1] == 0 { secondZero += 1 }
            }
            #expect(abs(Double(secondZero) / Double(Self.draws) - (0.3 * 5 / 7 + 0.2 * 5 / 8)) < 0.03)
        }

        @Test("Weighted random over only zero weights is uniform")
        func allStandbyUniform() {
            let shares = Self.firstPickShares(Array(repeating: Candidate(weight: 0), count: 4), strategy: .weightedRandom, seed: 3)
            for share in shares {
                #expect(abs(share - 0.25) < 0.03)
            }
        }

        @Test("Least in-flight picks the minimum and orders the rest ascending")
        func leastInFlight() {
            var generator = SplitMix64(state: 11)
            let candidates = [
                Candidate(inFlight: 4), Candidate(inFlight: 1), Candidate(inFlight: 9), Candidate(inFlight: 2),
            ]
            for _ in 0..<1_000 {
                #expect(Balancer.order(candidates, strategy: .leastInFlight, using: &generator) == [1, 3, 0, 2])
            }
        }

        @Test("Least in-flight breaks ties at random")
        func leastInFlightTies() {
            let candidates = [Candidate(inFlight: 2), Candidate(inFlight: 0), Candidate(inFlight: 0), Candidate(inFlight: 0)]
            let shares = Self.firstPickShares(candidates, strategy: .leastInFlight, seed: 12)
            #expect(shares[0] == 0)
            for share in shares.dropFirst() {
                #expect(abs(share - 1.0 / 3) < 0.03)
            }
        }

        @Test("Power of two choices never picks the more loaded of two")
        func twoChoices() {
            var generator = SplitMix64(state: 21)
            for _ in 0..<Self.draws {
                let first = Double.random(in: 0...10, using: &generator)
                let second = Double.random(in: 0...10, using: &generator)
                let candidates = [Candidate(latencyLoad: first), Candidate(latencyLoad: second)]
                let order = Balancer.order(candidates, strategy: .latency, using: &generator)
                #expect(candidates[order[0]].latencyLoad <= candidates[order[1]].latencyLoad)
            }
        }

        @Test("Power of two choices prefers lower load: shares 1/2, 1/3, 1/6, 0 over four candidates")
        func twoChoicesShares() {
            // Of the six equally likely pairs, the least loaded wins the three it is in, the next two of the rest…
            let candidates = [
                Candidate(latencyLoad: 3.0), Candidate(latencyLoad: 0.5), Candidate(latencyLoad: 8.0), Candidate(latencyLoad: 1.5),
            ]
            let shares = Self.firstPickShares(candidates, strategy: .latency, seed: 22)
            #expect(abs(shares[1] - 1.0 / 2) < 0.03)
            #expect(abs(shares[3] - 1.0 / 3) < 0.03)
            #expect(abs(shares[0] - 1.0 / 6) < 0.03)
            #expect(shares[2] == 0)
        }

        @Test("After the pick, latency orders the rest by ascending load, NaN last")
        func latencyFallbackOrder() {
            var generator = SplitMix64(state: 23)
            let candidates = [
                Candidate(latencyLoad: .nan), Candidate(latencyLoad: 0.5), Candidate(latencyLoad: 4), Candidate(latencyLoad: 1.5),
            ]
            for _ in 0..<1_000 {
                let order = Balancer.order(candidates, strategy: .latency, using: &generator)
                #expect(order[0] != 0)
                let rest = Array(order.dropFirst())
                #expect(rest == [1, 3, 2, 0].filter { $0 != order[0] })
            }
        }

        @Test("Strategies parse from their configuration spellings")
        func spellings() {
            #expect(BalancingStrategy(rawValue: "weighted") == .weightedRandom)
            #expect(BalancingStrategy(rawValue: "least-in-flight") == .leastInFlight)
            #expect(BalancingStrategy(rawValue: "latency") == .latency)
            #expect(BalancingStrategy(rawValue: "round-robin") == nil)
        }
    }
}
