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
        guard let top = mapping(root, at: "(root)", allowed: ["server", "storage", "providers", "models"]) else {
            return configuration
        }
        if let server = top["server"] { readServer(server, into: &configuration.server) }
        if let storage = top["storage"] { readStorage(storage, into: &configuration.storage) }
        if let providers = top["providers"] { configuration.providers = readProviders(providers) }
        if let models = top["models"] {
            configuration.models = readModels(models, providers: configuration.providers)
        }
        return configuration
    }

    // MARK: Sections

    private mutating func readServer(_ node: Node, into server: inout SwitchyardConfiguration.Server) {
        guard let fields = mapping(node, at: "server", allowed: ["host", "port", "max_body_bytes", "upstream_timeout_seconds", "stream_heartbeat_seconds"]) else { return }
        if let host = fields["host"].flatMap({ string($0, at: "server.host") }) { server.host = host }
        if let port = fields["port"].flatMap({ integer($0, at: "server.port", in: 0...65535) }) { server.port = port }
        if let limit = fields["max_body_bytes"].flatMap({ integer($0, at: "server.max_body_bytes", in: 1...(1 << 30)) }) {
            server.maximumBodyBytes = limit
        }
        if let seconds = fields["upstream_timeout_seconds"].flatMap({ integer($0, at: "server.upstream_timeout_seconds", in: 1...86_400) }) {
            server.upstreamTimeout = .seconds(seconds)
        }
        if let seconds = fields["stream_heartbeat_seconds"].flatMap({ integer($0, at: "server.stream_heartbeat_seconds", in: 1...3_600) }) {
            server.streamHeartbeat = .seconds(seconds)
        }
    }

    private mutating func readStorage(_ node: Node, into storage: inout SwitchyardConfiguration.Storage) {
        guard let fields = mapping(node, at: "storage", allowed: ["url"]) else { return }
        guard let url = fields["url"].flatMap({ string($0, at: "storage.url") }) else { return }
        do {
            _ = try SQLiteStore.Configuration(url: url)
        } catch {
            issue("storage.url", node: fields["url"], "must be `sqlite://PATH` or `sqlite::memory:` (got `\(url)`)")
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

    private mutating func readModels(_ node: Node, providers: [ProviderSettings]) -> [ModelAlias] {
        guard case .sequence(let items) = node else {
            issue("models", node: node, "must be a list of models")
            return []
        }
        let providersByName = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var aliases: [ModelAlias] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let path = "models[\(index)]"
            guard let fields = mapping(item, at: path, allowed: ["name", "targets", "price"]) else { continue }
            guard let nameNode = fields["name"], let name = string(nameNode, at: "\(path).name"), !name.isEmpty else {
                issue("\(path).name", node: item, "is required")
                continue
            }
            guard seen.insert(name).inserted else {
                issue("\(path).name", node: nameNode, "`\(name)` is defined twice")
                continue
            }
            let price = fields["price"].flatMap { readPrice($0, at: "\(path).price") }
            guard let targetsNode = fields["targets"], case .sequence(let targetNodes) = targetsNode, !targetNodes.isEmpty else {
                issue("\(path).targets", node: fields["targets"] ?? item, "must be a non-empty list of {provider, model}")
                continue
            }
            var targets: [Deployment] = []
            for (targetIndex, targetNode) in targetNodes.enumerated() {
                let targetPath = "\(path).targets[\(targetIndex)]"
                guard let target = mapping(targetNode, at: targetPath, allowed: ["provider", "model", "price"]) else { continue }
                guard let providerNode = target["provider"], let providerName = string(providerNode, at: "\(targetPath).provider") else {
                    issue("\(targetPath).provider", node: targetNode, "is required")
                    continue
                }
                guard let provider = providersByName[providerName] else {
                    let known = providers.map(\.name).joined(separator: ", ")
                    issue("\(targetPath).provider", node: providerNode, "`\(providerName)` is not a configured provider (configured: \(known.isEmpty ? "none" : known))")
                    continue
                }
                guard let modelNode = target["model"], let model = string(modelNode, at: "\(targetPath).model"), !model.isEmpty else {
                    issue("\(targetPath).model", node: targetNode, "is required")
                    continue
                }
                let targetPrice = target["price"].flatMap { readPrice($0, at: "\(targetPath).price") }
                targets.append(Deployment(provider: provider.name, kind: provider.kind, model: model, endpoint: provider.endpoint, price: targetPrice))
            }
            if targets.count == targetNodes.count {
                aliases.append(ModelAlias(name: name, targets: targets, price: price))
            }
        }
        return aliases
    }

    private mutating func readPrice(_ node: Node, at path: String) -> ModelPrice? {
        let kinds = ["input", "output", "cache_read", "cache_write", "cache_write_1h", "reasoning"]
        guard let fields = mapping(node, at: path, allowed: Set(kinds)) else { return nil }
        var amounts: [String: Money] = [:]
        for kind in kinds {
            guard let valueNode = fields[kind], let text = string(valueNode, at: "\(path).\(kind)") else { continue }
            guard let amount = Money(decimalDollars: text) else {
                issue("\(path).\(kind)", node: valueNode, "`\(text)` is not a non-negative USD amount per million tokens (at most 9 decimals)")
                continue
            }
            amounts[kind] = amount
        }
        guard let input = amounts["input"], let output = amounts["output"] else {
            issue(path, node: node, "needs at least `input` and `output` (USD per million tokens)")
            return nil
        }
        return ModelPrice(
            input: input,
            output: output,
            cacheRead: amounts["cache_read"],
            cacheWrite: amounts["cache_write"],
            cacheWrite1h: amounts["cache_write_1h"],
            reasoning: amounts["reasoning"]
        )
    }

    // MARK: Scalars and shapes

    private mutating func mapping(_ node: Node, at path: String, allowed: Set<String>) -> [String: Node]? {
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

    private mutating func stringMap(_ node: Node, at path: String) -> [String: String] {
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
    private mutating func string(_ node: Node, at path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            issue(path, node: node, "must be a single value")
            return nil
        }
        return interpolate(scalar.string, at: path, node: node)
    }

    private mutating func integer(_ node: Node, at path: String, in range: ClosedRange<Int>) -> Int? {
        guard let text = string(node, at: path) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            issue(path, node: node, "`\(text)` is not a whole number in \(range.lowerBound)...\(range.upperBound)")
            return nil
        }
        return value
    }

    private mutating func interpolate(_ text: String, at path: String, node: Node) -> String? {
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

    private mutating func issue(_ key: String, node: Node?, _ message: String) {
        issues.append(.init(key: key, line: node?.mark?.line, message: message))
    }
}
