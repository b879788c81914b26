import Testing

/// Groups the load-balancing and backpressure suites, so `swift test --filter Balancing` runs them all.
@Suite("Balancing")
enum BalancingTests {}
