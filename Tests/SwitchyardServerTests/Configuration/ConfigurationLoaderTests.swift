import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import Testing

@Suite("Configuration files")
struct ConfigurationLoaderTests {
    @Test("A full file parses, with environment interpolation and exact prices")
    func fullFile() throws {
        let yaml = """
            server: { host: 0.0.0.0, port: 9000, max_body_bytes: 1024 }
            storage: { url: "sqlite://./test.db" }
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
            server: { port: 99999 }
            providers:
              openai: { kind: openia, api_key: "${MISSING}" }
              local:  { kind: openai-compatible }
            models:
              - name: fast
                targets: [ { provider: nowhere, model: x } ]
                price: { input: cheap, output: 1 }
              - name: fast
                targets: [ { provider: local } ]
            unknown_section: true
            """
        do {
            _ = try ConfigurationLoader.parse(yaml, file: "switchyard.yaml", environment: [:])
            Issue.record("Expected the configuration to be refused")
        } catch let error as ConfigurationError {
            let keys = error.issues.map(\.key)
            #expect(keys.contains("server.port"))
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
