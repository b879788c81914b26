/// Chooses the order in which the deployments of one tier are tried.
///
/// Pure selection over a snapshot of each deployment's state, with an injected random number generator so
/// tests can seed it. The router takes the first index as its pick and falls back through the rest:
///
/// ```swift
/// var generator = SystemRandomNumberGenerator()
/// for index in Balancer.order(candidates, strategy: alias.strategy, using: &generator) {
///     // try tier[index]
/// }
/// ```
public enum Balancer {
    /// What the balancer knows about one deployment of the tier.
    public struct Candidate: Sendable, Hashable {
        /// The deployment's share of traffic relative to the others. Zero (or less) means standby: never picked
        /// while a candidate with a positive weight remains. Weights above 2³² − 1 count as 2³² − 1.
        public var weight: Int
        /// Calls to the deployment currently in flight.
        public var inFlight: Int
        /// The deployment's peak-EWMA load score (``PeakEWMA/load(inFlight:now:)``); lower is better. NaN
        /// counts as infinitely loaded.
        public var latencyLoad: Double

        /// A candidate; the defaults describe an idle deployment of weight 1.
        public init(weight: Int = 1, inFlight: Int = 0, latencyLoad: Double = 0) {
            self.weight = weight
            self.inFlight = inFlight
            self.latencyLoad = latencyLoad
        }
    }

    /// Every index of `candidates`, in the order to try them: the first is the pick, the rest the fallback order.
    ///
    /// Candidates with a positive weight always come before those without; each group is ordered by `strategy`:
    ///
    /// - ``BalancingStrategy/weightedRandom``: weighted random sampling without replacement (a group whose
    ///   weights are all zero is shuffled uniformly).
    /// - ``BalancingStrategy/leastInFlight``: ascending calls in flight, ties broken at random.
    /// - ``BalancingStrategy/latency``: the pick by power of two choices (two distinct candidates drawn at
    ///   random, the lower ``Candidate/latencyLoad`` wins, a tie goes to the first drawn), then the rest by
    ///   ascending load, ties broken at random. Drawing two rather than taking the minimum keeps a crowd of
    ///   routers from stampeding the one deployment that looked best a moment ago.
    ///
    /// - Returns: A permutation of `candidates.indices`.
    public static func order(
        _ candidates: [Candidate],
        strategy: BalancingStrategy,
        using generator: inout some RandomNumberGenerator
    ) -> [Int] {
        let active = candidates.indices.filter { candidates[$0].weight > 0 }
        let standby = candidates.indices.filter { candidates[$0].weight <= 0 }
        return order(active, of: candidates, strategy: strategy, using: &generator)
            + order(standby, of: candidates, strategy: strategy, using: &generator)
    }

    private static let maximumWeight = UInt64(UInt32.max)

    private static func order(
        _ indices: [Int],
        of candidates: [Candidate],
        strategy: BalancingStrategy,
        using generator: inout some RandomNumberGenerator
    ) -> [Int] {
        guard indices.count > 1 else { return indices }
        switch strategy {
        case .weightedRandom:
            return weightedSample(indices, of: candidates, using: &generator)
        case .leastInFlight:
            return ascending(indices, by: { candidates[$0].inFlight }, using: &generator)
        case .latency:
            let load = { (index: Int) -> Double in
                let load = candidates[index].latencyLoad
                return load.isNaN ? .infinity : load
            }
            let first = Int.random(in: 0..<indices.count, using: &generator)
            var second = Int.random(in: 0..<(indices.count - 1), using: &generator)
            if second >= first { second += 1 }
            let pick = load(indices[second]) < load(indices[first]) ? indices[second] : indices[first]
            return [pick] + ascending(indices.filter { $0 != pick }, by: load, using: &generator)
        }
    }

    /// Repeatedly draws one of the remaining indices with probability proportional to its weight.
    private static func weightedSample(
        _ indices: [Int],
        of candidates: [Candidate],
        using generator: inout some RandomNumberGenerator
    ) -> [Int] {
        var remaining = indices.map { (index: $0, weight: min(UInt64(max(candidates[$0].weight, 0)), maximumWeight)) }
        var total = remaining.reduce(0) { $0 + $1.weight }
        var result: [Int] = []
        result.reserveCapacity(remaining.count)
        while !remaining.isEmpty {
            var position = 0
            if total > 0 {
                // `ticket < total`, the sum of the remaining weights, so the walk stops inside the array.
                var ticket = generator.next(upperBound: total)
                while ticket >= remaining[position].weight {
                    ticket -= remaining[position].weight
                    position += 1
                }
            } else {
                position = Int.random(in: 0..<remaining.count, using: &generator)
            }
            let drawn = remaining.remove(at: position)
            total -= drawn.weight
            result.append(drawn.index)
        }
        return result
    }

    /// `indices` sorted by ascending `key`, equal keys in random order.
    private static func ascending<Key: Comparable>(
        _ indices: [Int],
        by key: (Int) -> Key,
        using generator: inout some RandomNumberGenerator
    ) -> [Int] {
        indices
            .map { (index: $0, key: key($0), tiebreak: generator.next()) }
            .sorted { ($0.key, $0.tiebreak) < ($1.key, $1.tiebreak) }
            .map(\.index)
    }
}
