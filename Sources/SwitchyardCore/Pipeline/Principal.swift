/// Who is calling: the key that authenticated the request and what it stands for.
public struct Principal: Sendable, Hashable {
    /// The virtual key's id; `nil` when the gateway runs open (no keys exist, loopback only).
    public var keyID: String?
    /// The virtual key's name, for logs and errors.
    public var keyName: String?
    /// The team the key belongs to, when any.
    public var tenant: String?
    /// The end user the call is for, from the request body.
    public var user: String?
    /// The agent making the call: the `x-switchyard-agent` header, or the key's `agent` metadata.
    public var agent: String?
    /// The conversation or run the call belongs to: the `x-switchyard-session` header.
    public var session: String?
    /// Model aliases this caller may use; empty means all.
    public var allowedModels: [String]

    /// Creates a principal; every field is optional.
    public init(
        keyID: String? = nil,
        keyName: String? = nil,
        tenant: String? = nil,
        user: String? = nil,
        agent: String? = nil,
        session: String? = nil,
        allowedModels: [String] = []
    ) {
        self.keyID = keyID
        self.keyName = keyName
        self.tenant = tenant
        self.user = user
        self.agent = agent
        self.session = session
        self.allowedModels = allowedModels
    }

    /// The principal's id for a quota scope kind; `nil` when the call has none (no session header, say).
    public func identity(for kind: QuotaScope.Kind) -> String? {
        switch kind {
        case .global: "global"
        case .tenant: tenant
        case .key: keyID
        case .agent: agent
        case .user: user
        case .session: session
        case .deployment: nil
        }
    }

    /// The caller of a gateway that runs open, with no virtual keys.
    public static let anonymous = Principal()

    /// Whether this caller may use the model alias `model`.
    public func mayUse(model: String) -> Bool {
        allowedModels.isEmpty || allowedModels.contains(model)
    }
}
