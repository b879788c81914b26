import SwitchyardCore

/// A configured rule that sends matching calls to another alias, or to some providers only.
///
/// Rules are data in the configuration, evaluated in order before the alias is resolved; the first match wins and
/// is recorded on the call ("rule X chose Y").
public struct RoutingRule: Sendable, Hashable {
    /// The rule's name, as it appears in logs, attempts and errors.
    public var name: String
    /// What a call must look like for the rule to apply; every condition given must hold.
    public var conditions: Conditions
    /// The alias to serve matching calls with; `nil` keeps the requested one.
    public var alias: String?
    /// The providers matching calls may use; empty for any.
    public var providers: [String]

    /// A rule that applies `alias` and `providers` to calls meeting `conditions`.
    public init(name: String, conditions: Conditions, alias: String? = nil, providers: [String] = []) {
        self.name = name
        self.conditions = conditions
        self.alias = alias
        self.providers = providers
    }

    /// The conditions of a rule. An empty set of conditions matches every call.
    public struct Conditions: Sendable, Hashable {
        /// The requested model must be one of these.
        public var models: [String]
        /// The caller's key name must be one of these.
        public var keys: [String]
        /// The caller's tenant must be one of these.
        public var tenants: [String]
        /// Each of these request-metadata entries must be present with this value.
        public var metadata: [String: String]
        /// Each of these request headers (lowercase names) must be present with this value.
        public var headers: [String: String]
        /// The estimated input must be at least this many tokens.
        public var minimumInputTokens: Int?
        /// The estimated input must be at most this many tokens.
        public var maximumInputTokens: Int?

        /// Conditions with the given values; each one left empty does not constrain.
        public init(
            models: [String] = [],
            keys: [String] = [],
            tenants: [String] = [],
            metadata: [String: String] = [:],
            headers: [String: String] = [:],
            minimumInputTokens: Int? = nil,
            maximumInputTokens: Int? = nil
        ) {
            self.models = models
            self.keys = keys
            self.tenants = tenants
            self.metadata = metadata
            self.headers = headers
            self.minimumInputTokens = minimumInputTokens
            self.maximumInputTokens = maximumInputTokens
        }
    }

    /// Whether `request`, made by the caller in `context`, meets every condition.
    ///
    /// - Parameter inputTokens: the request's estimated input size, computed once for all rules.
    public func matches(_ request: ChatRequest, context: CallContext, inputTokens: Int) -> Bool {
        let conditions = self.conditions
        if !conditions.models.isEmpty, !conditions.models.contains(request.model) { return false }
        if !conditions.keys.isEmpty, !conditions.keys.contains(context.principal.keyName ?? "") { return false }
        if !conditions.tenants.isEmpty, !conditions.tenants.contains(context.principal.tenant ?? "") { return false }
        for (key, value) in conditions.metadata where request.metadata[key] != value { return false }
        for (name, value) in conditions.headers where context.headers[name] != value { return false }
        if let minimum = conditions.minimumInputTokens, inputTokens < minimum { return false }
        if let maximum = conditions.maximumInputTokens, inputTokens > maximum { return false }
        return true
    }
}

extension ChatRequest {
    /// A quick estimate of the input's size in tokens — about four characters a token over every text, tool
    /// input, tool result and tool schema — for rules that route by size. Not a billing figure.
    public var estimatedInputTokens: Int {
        var characters = system.reduce(0) { $0 + $1.text.utf8.count }
        for message in messages {
            for part in message.content {
                switch part {
                case .text(let text): characters += text.text.utf8.count
                case .toolUse(let toolUse): characters += toolUse.input.compactJSONByteCount
                case .toolResult(let result): characters += result.joinedText.utf8.count
                case .thinking(let thinking): characters += thinking.text.utf8.count
                case .image, .redactedThinking: characters += 1_000
                }
            }
        }
        for tool in tools {
            characters += tool.inputSchema.compactJSONByteCount + (tool.description?.utf8.count ?? 0)
        }
        return characters / 4
    }
}
