import Benchmark
import SwitchyardCore
import SwitchyardEngine

/// What a routing decision costs before any network call: resolving the alias, reading the deployments' health,
/// ordering the tier, and asking the breakers — with all deployments healthy, and with the preferred one's breaker
/// open (so it is skipped).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(2),
        maxIterations: 1_000_000
    )

    let fixture = RoutingFixture()

    Benchmark("Balancer.order, 3 deployments, weighted random") { benchmark in
        var generator = SystemRandomNumberGenerator()
        let candidates = fixture.candidates
        for _ in benchmark.scaledIterations {
            blackHole(Balancer.order(candidates, strategy: .weightedRandom, using: &generator))
        }
    }

    Benchmark("Balancer.order, 3 deployments, peak-EWMA power of two choices") { benchmark in
        var generator = SystemRandomNumberGenerator()
        let candidates = fixture.candidates
        for _ in benchmark.scaledIterations {
            blackHole(Balancer.order(candidates, strategy: .latency, using: &generator))
        }
    }

    Benchmark("Routing decision, all healthy (resolve, health, order, admit)") { benchmark in
        var generator = SystemRandomNumberGenerator()
        for _ in benchmark.scaledIterations {
            blackHole(fixture.decide(health: fixture.healthy, using: &generator))
        }
    }

    Benchmark("Routing decision, preferred deployment's breaker open") { benchmark in
        var generator = SystemRandomNumberGenerator()
        for _ in benchmark.scaledIterations {
            blackHole(fixture.decide(health: fixture.oneOpen, using: &generator))
        }
    }

    Benchmark("CircuitBreaker.admit, open") { benchmark in
        var breaker = CircuitBreaker<ContinuousClock.Instant>(configuration: .init(consecutiveFailures: 1, cooldown: .seconds(3600)))
        let now = ContinuousClock.now
        breaker.recordFailure(now: now)
        for _ in benchmark.scaledIterations {
            blackHole(breaker.admit(now: now))
        }
    }
}

/// A catalog of one alias over three deployments, and two health registries: all healthy, and one with the
/// first deployment's breaker open.
struct RoutingFixture: Sendable {
    let catalog: ModelCatalog
    let healthy: DeploymentHealth
    let oneOpen: DeploymentHealth
    let candidates: [Balancer.Candidate]

    init() {
        let providers = ["primary", "secondary", "tertiary"].map {
            ProviderSettings(name: $0, kind: .openAI, endpoint: UpstreamEndpoint(baseURL: "http://127.0.0.1:9/v1", apiKey: "k"))
        }
        let deployments = providers.enumerated().map { index, provider in
            Deployment(provider: provider.name, kind: .openAI, model: "model-\(index)", endpoint: provider.endpoint, weight: [100, 1, 1][index])
        }
        catalog = ModelCatalog(providers: providers, aliases: [ModelAlias(name: "fast", tiers: [deployments])])
        healthy = DeploymentHealth(catalog: catalog)
        var settings = DeploymentHealth.Settings()
        settings.breaker.consecutiveFailures = 1
        settings.breaker.cooldown = .seconds(3600)
        oneOpen = DeploymentHealth(catalog: catalog, settings: settings)
        let now = ContinuousClock.now
        oneOpen.recordFailure(of: deployments[0], failure: "upstream_unavailable", latency: .milliseconds(1), now: now)
        candidates = healthy.candidates(deployments, now: now)
    }

    /// The router's decision up to the network call: the first deployment whose breaker admits the call.
    func decide(health: DeploymentHealth, using generator: inout SystemRandomNumberGenerator) -> String? {
        guard let alias = try? catalog.resolve("fast") else { return nil }
        let now = ContinuousClock.now
        for tier in alias.tiers {
            for index in Balancer.order(health.candidates(tier, now: now), strategy: alias.strategy, using: &generator) {
                switch health.admit(tier[index], now: now) {
                case .allowed, .probe: return tier[index].id
                case .rejected: continue
                }
            }
        }
        return nil
    }
}
