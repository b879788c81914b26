import SwitchyardCore
import SwitchyardEngine

/// The configuration `switchyard serve` runs with when there is no file: SQLite beside the working directory,
/// loopback only, and the providers whose usual environment variables are set, each with a catalog of its
/// current models.
public enum EmbeddedDefaults {
    /// The environment variable that enables each provider, and the one that overrides its upstream base URL.
    ///
    /// The overrides are Switchyard's own (`SWITCHYARD_OPENAI_BASE_URL`, …), never the SDKs' `OPENAI_BASE_URL` or
    /// `ANTHROPIC_BASE_URL`: those are what users set to point their clients *at* Switchyard, and reading them would
    /// make the gateway call itself.
    public static let providerVariables: [(kind: ProviderKind, key: String, baseURL: String)] = [
        (.openAI, "OPENAI_API_KEY", "SWITCHYARD_OPENAI_BASE_URL"),
        (.anthropic, "ANTHROPIC_API_KEY", "SWITCHYARD_ANTHROPIC_BASE_URL"),
        (.gemini, "GEMINI_API_KEY", "SWITCHYARD_GEMINI_BASE_URL"),
    ]

    /// The provider's public API base URL; `nil` for `openai-compatible`, which has none.
    public static func defaultBaseURL(for kind: ProviderKind) -> String? {
        switch kind {
        case .openAI: "https://api.openai.com/v1"
        case .anthropic: "https://api.anthropic.com/v1"
        case .gemini: "https://generativelanguage.googleapis.com/v1beta"
        case .openAICompatible: nil
        }
    }

    /// The embedded default configuration for `environment`.
    public static func configuration(environment: [String: String]) -> SwitchyardConfiguration {
        var configuration = SwitchyardConfiguration()
        for (kind, keyVariable, baseURLVariable) in providerVariables {
            guard let key = environment[keyVariable], !key.isEmpty, let defaultURL = defaultBaseURL(for: kind) else { continue }
            let endpoint = UpstreamEndpoint(baseURL: environment[baseURLVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultURL, apiKey: key)
            let provider = ProviderSettings(name: kind.rawValue, kind: kind, endpoint: endpoint)
            configuration.providers.append(provider)
            configuration.models += catalog(for: kind).map { entry in
                ModelAlias(
                    name: entry.name,
                    targets: [Deployment(provider: provider.name, kind: kind, model: entry.name, endpoint: endpoint)],
                    price: entry.price
                )
            }
        }
        return configuration
    }

    /// Well-known models of each provider with their list prices (USD per million tokens) at the time of
    /// writing. A configuration file overrides all of this.
    static func catalog(for kind: ProviderKind) -> [(name: String, price: ModelPrice)] {
        switch kind {
        case .openAI:
            [
                ("gpt-4o-mini", price("0.15", "0.60", cacheRead: "0.075")),
                ("gpt-4o", price("2.50", "10", cacheRead: "1.25")),
                ("gpt-4.1-mini", price("0.40", "1.60", cacheRead: "0.10")),
                ("gpt-4.1", price("2", "8", cacheRead: "0.50")),
                ("gpt-5-mini", price("0.25", "2", cacheRead: "0.025")),
                ("gpt-5", price("1.25", "10", cacheRead: "0.125")),
                ("o4-mini", price("1.10", "4.40", cacheRead: "0.275")),
            ]
        case .anthropic:
            [
                ("claude-haiku-4-5", price("1", "5", cacheRead: "0.10", cacheWrite: "1.25", cacheWrite1h: "2")),
                ("claude-sonnet-4-5", price("3", "15", cacheRead: "0.30", cacheWrite: "3.75", cacheWrite1h: "6")),
                ("claude-opus-4-1", price("15", "75", cacheRead: "1.50", cacheWrite: "18.75", cacheWrite1h: "30")),
            ]
        case .gemini:
            [
                ("gemini-2.5-flash-lite", price("0.10", "0.40", cacheRead: "0.01")),
                ("gemini-2.5-flash", price("0.30", "2.50", cacheRead: "0.03")),
                ("gemini-2.5-pro", price("1.25", "10", cacheRead: "0.125")),
            ]
        case .openAICompatible:
            []
        }
    }

    private static func price(_ input: String, _ output: String, cacheRead: String, cacheWrite: String? = nil, cacheWrite1h: String? = nil) -> ModelPrice {
        // The literals above are valid decimal amounts; a typo would trap at startup in every test run.
        func money(_ text: String) -> Money {
            guard let amount = Money(decimalDollars: text) else { preconditionFailure("Invalid built-in price \(text)") }
            return amount
        }
        return ModelPrice(
            input: money(input),
            output: money(output),
            cacheRead: money(cacheRead),
            cacheWrite: cacheWrite.map(money),
            cacheWrite1h: cacheWrite1h.map(money)
        )
    }
}
