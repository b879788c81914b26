import SwitchyardCore
import SwitchyardEngine
import SwitchyardStorage
import Yams

/// Walks the YAML tree of a configuration file, building the configuration and collecting every problem.
struct ConfigurationReader {
    private(set) var issues: [ConfigurationError.Issue] = []
    private let environment: [String: String]

    init(environment: [String: String]) {
        self.environment = environment
    }

    mutating func read(_ root: Node?) -> SwitchyardConfiguration {
        var configuration = SwitchyardConfiguration()
        guard let root else { return configuration }
        guard let top = mapping(root, at: "(root)", allowed: ["server", "storage", "providers", "models", "routing", "resilience", "quotas", "budgets", "rate_limits", "runaway", "telemetry", "request_log"]) else {
            return configuration
        }
        if let server = top["server"] { readServer(server, into: &configuration.server) }
        if let storage = top["storage"] { readStorage(storage, into: &configuration.storage) }
        if let providers = top["providers"] { configuration.providers = readProviders(providers) }
        if let models = top["models"] {
            configuration.models = readModels(models, providers: configuration.providers)
        }
        if let routing = top["routing"] {
            configuration.routingRules = readRouting(routing, aliases: configuration.models, providers: configuration.providers)
        }
        if let resilience = top["resilience"] { readResilience(resilience, into: &configuration.resilience) }
        if let quotas = top["quotas"] { readQuotaSettings(quotas, into: &configuration.quotaSettings) }
        if let budgets = top["budgets"] { configuration.quotas += readBudgets(budgets) }
        if let rateLimits = top["rate_limits"] { configuration.quotas += readRateLimits(rateLimits) }
        if let runaway = top["runaway"] { configuration.quotas += readRunaway(runaway, into: &configuration.runaway) }
        if let telemetry = top["telemetry"] { readTelemetry(telemetry, into: &configuration.telemetry) }
        if let requestLog = top["request_log"] { readRequestLog(requestLog, into: &configuration.requestLog) }
        validateFallbacks(configuration.models, node: top["models"])
        return configuration
    }

    // MARK: Sections

    private mutating func readServer(_ node: Node, into server: inout SwitchyardConfiguration.Server) {
        guard let fields = mapping(node, at: "server", allowed: [
                "host", "port", "max_body_bytes", "upstream_timeout_seconds", "upstream_connections_per_host", "stream_heartbeat_seconds", "admin_key",
            ]) else { return }
        if let host = fields["host"].flatMap({ string($0, at: "server.host") }) { server.host = host }
        if let port = fields["port"].flatMap({ integer($0, at: "server.port", in: 0...65535) }) { server.port = port }
        if let limit = fields["max_body_bytes"].flatMap({ integer($0, at: "server.max_body_bytes", in: 1...(1 << 30)) }) {
            server.maximumBodyBytes = limit
        }
        if let seconds = fields["upstream_timeout_seconds"].flatMap({ integer($0, at: "server.upstream_timeout_seconds", in: 1...86_400) }) {
            server.upstreamTimeout = .seconds(seconds)
        }
        if let connections = fields["upstream_connections_per_host"].flatMap({ integer($0, at: "server.upstream_connections_per_host", in: 1...100_000) }) {
            server.upstreamConnectionsPerHost = connections
        }
        if let adminKey = fields["admin_key"].flatMap({ string($0, at: "server.admin_key") }), !adminKey.isEmpty {
            server.adminKey = adminKey
        }
        if let seconds = fields["stream_heartbeat_seconds"].flatMap({ integer($0, at: "server.stream_heartbeat_seconds", in: 1...3_600) }) {
            server.streamHeartbeat = .seconds(seconds)
        }
    }

    private mutating func readStorage(_ node: Node, into storage: inout SwitchyardConfiguration.Storage) {
        guard let fields = mapping(node, at: "storage", allowed: ["url", "sqlite_synchronous", "sqlite_request_log", "ledger_durability"]) else { return }
        if let node = fields["sqlite_synchronous"], let text = string(node, at: "storage.sqlite_synchronous") {
            if let synchronous = SQLiteStore.Configuration.Synchronous(rawValue: text) {
                storage.sqliteSynchronous = synchronous
            } else {
                issue("storage.sqlite_synchronous", node: node, "`\(text)` is not a setting: use `normal` or `full`")
            }
        }
        if let node = fields["ledger_durability"], let text = string(node, at: "storage.ledger_durability") {
            if let durability = LedgerDurability(rawValue: text) {
                storage.ledgerDurability = durability
            } else {
                issue("storage.ledger_durability", node: node, "`\(text)` is not a setting: use `committed` or `queued`")
            }
        }
        if let node = fields["sqlite_request_log"], let path = string(node, at: "storage.sqlite_request_log") {
            if path.isEmpty {
                issue("storage.sqlite_request_log", node: node, "must be the path of a file")
            } else {
                storage.sqliteRequestLogPath = path
            }
        }
        guard let url = fields["url"].flatMap({ string($0, at: "storage.url") }) else { return }
        do {
            _ = try StoreConfiguration(url: url)
        } catch {
            issue("storage.url", node: fields["url"], "must be `sqlite://PATH`, `sqlite::memory:` or `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (got `\(url)`)")
            return
        }
        storage.url = url
    }

    private mutating func readProviders(_ node: Node) -> [ProviderSettings] {
        guard case .mapping(let entries) = node else {
            issue("providers", node: node, "must be a mapping of provider names to settings")
            return []
        }
        var providers: [ProviderSettings] = []
        for (keyNode, value) in entries {
            guard let name = keyNode.string, !name.isEmpty, !name.contains("/") else {
                issue("providers", node: keyNode, "provider names must be non-empty and must not contain `/`")
                continue
            }
            if let provider = readProvider(name: name, value) { providers.append(provider) }
        }
        return providers
    }

    private mutating func readProvider(name: String, _ node: Node) -> ProviderSettings? {
        let path = "providers.\(name)"
        let allowed: Set = ["kind", "api_key", "base_url", "headers", "query", "api_version", "auth"]
        guard let fields = mapping(node, at: path, allowed: allowed) else { return nil }
        guard let kindNode = fields["kind"] else {
            issue("\(path).kind", node: node, "is required: one of \(ProviderKind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        guard let kindText = string(kindNode, at: "\(path).kind") else { return nil }
        guard let kind = ProviderKind(rawValue: kindText) else {
            issue("\(path).kind", node: kindNode, "`\(kindText)` is not a provider kind: use one of \(ProviderKind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        var endpoint = UpstreamEndpoint(baseURL: EmbeddedDefaults.defaultBaseURL(for: kind) ?? "")
        if let baseURL = fields["base_url"].flatMap({ string($0, at: "\(path).base_url") }) {
            guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
                issue("\(path).base_url", node: fields["base_url"], "must start with http:// or https://")
                return nil
            }
            endpoint.baseURL = baseURL
        } else if kind == .openAICompatible {
            issue("\(path).base_url", node: node, "is required for kind openai-compatible")
            return nil
        }
        endpoint.apiKey = fields["api_key"].flatMap { string($0, at: "\(path).api_key") }
        if let headers = fields["headers"] { endpoint.headers = stringMap(headers, at: "\(path).headers") }
        if let query = fields["query"] { endpoint.queryItems = stringMap(query, at: "\(path).query") }
        if let version = fields["api_version"].flatMap({ string($0, at: "\(path).api_version") }) {
            endpoint.queryItems["api-version"] = version
            endpoint.authentication = .apiKeyHeader
        }
        if let authNode = fields["auth"], let auth = string(authNode, at: "\(path).auth") {
            switch auth {
            case "default": endpoint.authentication = .providerDefault
            case "bearer": endpoint.authentication = .bearer
            case "api-key": endpoint.authentication = .apiKeyHeader
            default: issue("\(path).auth", node: authNode, "`\(auth)` is not one of default, bearer, api-key")
            }
        }
        return ProviderSettings(name: name, kind: kind, endpoint: endpoint)
    }

    // MARK: Scalars and shapes

    /// A duration written as `250ms`, `10s`, `1.5s` or `2m`.
    mutating func duration(_ node: Node, at path: String) -> Duration? {
        guard let text = string(node, at: path) else { return nil }
        let units: [(suffix: String, milliseconds: Double)] = [("ms", 1), ("s", 1_000), ("m", 60_000)]
        for unit in units where text.hasSuffix(unit.suffix) {
            if let value = Double(text.dropLast(unit.suffix.count)), value > 0, value.isFinite {
                return .milliseconds(Int64((value * unit.milliseconds).rounded()))
            }
            break
        }
        issue(path, node: node, "`\(text)` is not a duration such as 250ms, 10s or 2m")
        return nil
    }

    /// A list of strings, or one string standing for a list of one.
    mutating func stringList(_ node: Node, at path: String) -> [String] {
        switch node {
        case .scalar: return string(node, at: path).map { [$0] } ?? []
        case .sequence(let items): return items.enumerated().compactMap { string($1, at: "\(path)[\($0)]") }
        default:
            issue(path, node: node, "must be a string or a list of strings")
            return []
        }
    }

    mutating func mapping(_ node: Node, at path: String, allowed: Set<String>) -> [String: Node]? {
        guard case .mapping(let entries) = node else {
            issue(path, node: node, "must be a mapping")
            return nil
        }
        var fields: [String: Node] = [:]
        for (keyNode, value) in entries {
            guard let key = keyNode.string else {
                issue(path, node: keyNode, "keys must be strings")
                continue
            }
            guard allowed.contains(key) else {
                issue("\(path == "(root)" ? "" : path + ".")\(key)", node: keyNode, "is not a known key (known: \(allowed.sorted().joined(separator: ", ")))")
                continue
            }
            fields[key] = value
        }
        return fields
    }

    mutating func stringMap(_ node: Node, at path: String) -> [String: String] {
        guard case .mapping(let entries) = node else {
            issue(path, node: node, "must be a mapping of strings")
            return [:]
        }
        var map: [String: String] = [:]
        for (keyNode, value) in entries {
            guard let key = keyNode.string, let text = string(value, at: "\(path).\(key)") else { continue }
            map[key] = text
        }
        return map
    }

    /// A scalar as text, with `${NAME}` and `${NAME:-default}` expanded.
    mutating func string(_ node: Node, at path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            issue(path, node: node, "must be a single value")
            return nil
        }
        return interpolate(scalar.string, at: path, node: node)
    }

    mutating func integer(_ node: Node, at path: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, at: path) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            issue(path, node: node, "`\(text)` is not a whole number in \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return value
    }

    mutating func interpolate(_ text: String, at path: String, node: Node) -> String? {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                issue(path, node: node, "has an unterminated `${`")
                return nil
            }
            let expression = rest[open.upperBound..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = expression.range(of: ":-") {
                name = expression[..<separator.lowerBound]
                fallback = expression[separator.upperBound...]
            } else {
                name = expression
                fallback = nil
            }
            if let value = environment[String(name)], !value.isEmpty {
                result += value
            } else if let fallback {
                result += fallback
            } else {
                issue(path, node: node, "uses the environment variable `\(name)`, which is not set")
                return nil
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    mutating func issue(_ key: String, node: Node?, _ message: String) {
        issues.append(.init(key: key, line: node?.mark?.line, message: message))
    }
}
