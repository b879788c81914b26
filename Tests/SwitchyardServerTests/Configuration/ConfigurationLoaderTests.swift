import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import Testing

@Suite("Configuration files")
struct ConfigurationLoaderTests {
    @Test("A full file parses, with environment interpolation and exact prices")
    func fullFile() throws {
        let yaml = """
            server: { host: 0.0.0.0, port: 9000, max_body_bytes: 1024, upstream_connections_per_host: 2048 }
            storage: { url: "sqlite://./test.db", sqlite_synchronous: full, sqlite_request_log: /var/log/switchyard/requests.db, ledger_durability: queued }
            providers:
              openai:    { kind: openai, api_key: "${OPENAI_KEY}" }
              local:     { kind: openai-compatible, base_url: "http://127.0.0.1:8000/v1" }
              azure:     { kind: openai-compatible, base_url: "https://x.openai.azure.com/openai/deployments/gpt", api_key: "${AZ:-fallback}", api_version: "2024-10-21" }
            models:
              - name: fast
                targets:
                  - { provider: openai, model: gpt-4o-mini }
                  - { provider: local, model: llama, price: { input: 0, output: 0 } }
                price: { input: 0.15, output: 0.60, cache_read: 0.075 }
            """
        let configuration = try ConfigurationLoader.parse(yaml, environment: ["OPENAI_KEY": "sk-secret"])
        #expect(configuration.server.host == "0.0.0.0")
        #expect(configuration.server.port == 9000)
        #expect(configuration.server.maximumBodyBytes == 1024)
        #expect(configuration.server.upstreamConnectionsPerHost == 2048)
        #expect(configuration.storage.sqliteSynchronous == .full)
        #expect(configuration.storage.sqliteRequestLogPath == "/var/log/switchyard/requests.db")
        #expect(configuration.storage.ledgerDurability == .queued)
        #expect(!configuration.server.bindsLoopbackOnly)
        #expect(configuration.providers.map(\.name) == ["openai", "local", "azure"])
        #expect(configuration.providers[0].endpoint.apiKey == "sk-secret")
        #expect(configuration.providers[0].endpoint.baseURL == "https://api.openai.com/v1")
        #expect(configuration.providers[2].endpoint.apiKey == "fallback")
        #expect(configuration.providers[2].endpoint.queryItems == ["api-version": "2024-10-21"])
        #expect(configuration.providers[2].endpoint.authentication == .apiKeyHeader)
        let alias = try #require(configuration.models.first)
        #expect(alias.deployments.map(\.provider) == ["openai", "local"])
        #expect(alias.price?.input == Money(nanodollars: 150_000_000))
        #expect(alias.price?.cacheRead == Money(nanodollars: 75_000_000))
        #expect(alias.deployments[1].price?.input == .zero)
    }

    @Test("Every problem is reported with its key and line")
    func issues() {
        let yaml = """
            server: { port: 99999, upstream_connections_per_host: 0 }
            providers:
              openai: { kind: openia, api_key: "${MISSING}" }
              local:  { kind: openai-compatible }
            models:
              - name: fast
                targets: [ { provider: nowhere, model: x } ]
                price: { input: cheap, output: 1 }
              - name: fast
                targets: [ { provider: local } ]
            storage: { sqlite_synchronous: sometimes, sqlite_request_log: "", ledger_durability: eventually }
            unknown_section: true
            """
        do {
            _ = try ConfigurationLoader.parse(yaml, file: "switchyard.yaml", environment: [:])
            Issue.record("Expected the configuration to be refused")
        } catch let error as ConfigurationError {
            let keys = error.issues.map(\.key)
            #expect(keys.contains("server.port"))
            #expect(keys.contains("server.upstream_connections_per_host"))
            #expect(keys.contains("storage.sqlite_synchronous"))
            #expect(keys.contains("storage.sqlite_request_log"))
            #expect(keys.contains("storage.ledger_durability"))
            #expect(keys.contains("providers.openai.kind"))
            #expect(keys.contains("providers.local.base_url"))
            #expect(keys.contains("models[0].targets[0].provider"))
            #expect(keys.contains("models[0].price.input"))
            #expect(keys.contains("models[1].name"))
            #expect(keys.contains("unknown_section"))
            let port = error.issues.first { $0.key == "server.port" }
            #expect(port?.line == 1)
            let kind = error.issues.first { $0.key == "providers.openai.kind" }
            #expect(kind?.line == 3)
            #expect(kind?.message.contains("openia") == true)
            #expect(error.description.contains("switchyard.yaml"))
        } catch {
            Issue.record("Unexpected error \(error)")
        }
    }

    @Test("A missing environment variable names the key and the variable")
    func missingVariable() {
        do {
            _ = try ConfigurationLoader.parse("providers:\n  openai: { kind: openai, api_key: \"${OPENAI_API_KEY}\" }\n", environment: [:])
            Issue.record("Expected a refusal")
        } catch let error as ConfigurationError {
            #expect(error.issues.count == 1)
            #expect(error.issues.first?.key == "providers.openai.api_key")
            #expect(error.issues.first?.message.contains("OPENAI_API_KEY") == true)
        } catch {
            Issue.record("Unexpected error \(error)")
        }
    }

    @Test("The embedded default serves the providers whose keys are set")
    func embeddedDefault() {
        let none = EmbeddedDefaults.configuration(environment: [:])
        #expect(none.providers.isEmpty)
        #expect(none.storage.url == "sqlite://./switchyard.db")
        #expect(none.storage.sqliteSynchronous == .normal)
        #expect(none.server.bindsLoopbackOnly)

        let some = EmbeddedDefaults.configuration(environment: ["ANTHROPIC_API_KEY": "k", "GEMINI_API_KEY": "g", "SWITCHYARD_GEMINI_BASE_URL": "http://127.0.0.1:1/v1beta", "ANTHROPIC_BASE_URL": "http://127.0.0.1:8080"])
        #expect(some.providers.map(\.name) == ["anthropic", "gemini"])
        #expect(some.providers[1].endpoint.baseURL == "http://127.0.0.1:1/v1beta")
        #expect(some.providers[0].endpoint.baseURL == "https://api.anthropic.com/v1", "the SDKs' own variables never redirect upstreams")
        #expect(some.models.contains { $0.name == "claude-haiku-4-5" })
        #expect(some.models.contains { $0.name == "gemini-2.5-flash" })
        #expect(!some.models.contains { $0.name == "gpt-4o-mini" })
    }
}

@Suite("Running without keys")
struct OpenAccessPolicyTests {
    @Test("No keys is allowed on loopback only", arguments: [
        ("127.0.0.1", true), ("::1", true), ("localhost", true), ("0.0.0.0", false), ("10.1.2.3", false), ("::", false),
    ])
    func loopbackOnly(host: String, allowed: Bool) throws {
        var server = SwitchyardConfiguration.Server()
        server.host = host
        if allowed {
            #expect(try OpenAccessPolicy.decide(issuedKeyCount: 0, server: server) == .openOnLoopback)
        } else {
            #expect(throws: SwitchyardError.self) { try OpenAccessPolicy.decide(issuedKeyCount: 0, server: server) }
        }
        #expect(try OpenAccessPolicy.decide(issuedKeyCount: 1, server: server) == .keysRequired)
    }
}

@Suite("Routing configuration")
struct RoutingConfigurationTests {
    @Test("Tiers, strategy, timeouts, retries, fallbacks, limits, rules and breaker settings parse")
    func routing() throws {
        let yaml = """
            server: { admin_key: "${ADMIN}" }
            providers:
              a: { kind: openai, api_key: k }
              b: { kind: anthropic, api_key: k }
            models:
              - name: fast
                strategy: latency
                tiers:
                  - [ { provider: a, model: m1, weight: 3, max_concurrent: 8, max_queued: 16, queue_timeout: 2s }, { provider: b, model: m2 } ]
                  - [ { provider: b, model: m3, timeouts: { first_token: 1.5s } }, { provider: a, model: m5, rpm: 600 } ]
                timeouts: { connect: 250ms, first_token: 10s, idle: 30s, total: 2m }
                retries: 3
                backoff: { base: 50ms, max: 2s }
                fallbacks: { context_window: long }
              - name: long
                targets: [ { provider: b, model: m4 } ]
            routing:
              rules:
                - name: big-prompts
                  when: { model: fast, min_input_tokens: 100000 }
                  use: long
                - name: private
                  when: { metadata: { privacy: local }, header: { X-Tier: premium } }
                  providers: [a]
            resilience:
              breaker: { consecutive_failures: 3, failure_rate: 0.4, minimum_requests: 10, window: 20s, cooldown: 5s, max_cooldown: 1m }
              retry_budget: { ratio: 0.1, window: 5s }
            """
        let configuration = try ConfigurationLoader.parse(yaml, environment: ["ADMIN": "admin-secret"])
        #expect(configuration.server.adminKey == "admin-secret")
        let fast = try #require(configuration.models.first)
        #expect(fast.strategy == .latency)
        #expect(fast.tiers.map { $0.map(\.model) } == [["m1", "m2"], ["m3", "m5"]])
        #expect(fast.tiers[1][1].weight == 600, "an rpm hint sets the weight when none is given")
        #expect(fast.tiers[0][0].weight == 3)
        #expect(fast.tiers[0][0].concurrency == ConcurrencyLimit(maximumConcurrent: 8, maximumQueued: 16, queueTimeout: .seconds(2)))
        #expect(fast.tiers[1][0].timeouts.firstToken == .milliseconds(1500))
        #expect(fast.timeouts == RouteTimeouts(connect: .milliseconds(250), firstToken: .seconds(10), idle: .seconds(30), total: .seconds(120)))
        #expect(fast.retry.maximumRetries == 3)
        #expect(fast.retry.backoff == Backoff(base: .milliseconds(50), maximum: .seconds(2)))
        #expect(fast.fallbacks.contextWindow == "long")
        #expect(configuration.routingRules.map(\.name) == ["big-prompts", "private"])
        #expect(configuration.routingRules[0].conditions.minimumInputTokens == 100_000)
        #expect(configuration.routingRules[0].alias == "long")
        #expect(configuration.routingRules[1].conditions.headers == ["x-tier": "premium"])
        #expect(configuration.routingRules[1].providers == ["a"])
        #expect(configuration.resilience.breaker.consecutiveFailures == 3)
        #expect(configuration.resilience.breaker.failureRateThreshold == 0.4)
        #expect(configuration.resilience.breaker.maximumCooldown == .seconds(60))
        #expect(configuration.resilience.retryBudget.ratio == 0.1)
    }

    @Test("Unknown strategies, aliases, providers and bad durations are named")
    func routingIssues() {
        let yaml = """
            providers:
              a: { kind: openai, api_key: k }
            models:
              - name: fast
                strategy: fastest
                targets: [ { provider: a, model: m } ]
                timeouts: { idle: soon }
                fallbacks: { context_window: nowhere }
            routing:
              rules:
                - { name: r, use: missing, providers: [z] }
            """
        do {
            _ = try ConfigurationLoader.parse(yaml, environment: [:])
            Issue.record("Expected a refusal")
        } catch let error as ConfigurationError {
            let keys = Set(error.issues.map(\.key))
            #expect(keys.isSuperset(of: [
                "models[0].strategy", "models[0].timeouts.idle", "models[0].fallbacks.context_window",
                "routing.rules[0].use", "routing.rules[0].providers",
            ]))
        } catch {
            Issue.record("Unexpected error \(error)")
        }
    }
}
