/// Whom a quota applies to: one principal (`key:key_3f9a…`, `tenant:research`), every principal of a kind
/// (`user:*` gives each end user a quota of their own), or everyone (`global`).
public struct QuotaScope: Sendable, Hashable, CustomStringConvertible {
    /// The kind of principal a quota is counted for.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Every call together.
        case global
        /// A team: the key's tenant.
        case tenant
        /// A virtual key, by id.
        case key
        /// An agent: the `x-switchyard-agent` header, or the key's `agent` metadata.
        case agent
        /// An end user: OpenAI's `user`, Anthropic's `metadata.user_id`.
        case user
        /// A session: the `x-switchyard-session` header.
        case session
        /// A deployment, `provider/model`, for rate limits an upstream imposes.
        case deployment
    }

    /// The kind of principal.
    public var kind: Kind
    /// The principal's id; `nil` means each principal of ``kind`` separately (written `kind:*`), and is the
    /// only value ``Kind/global`` takes.
    public var value: String?

    /// Creates a scope; `value` `nil` means each principal of `kind` separately.
    public init(_ kind: Kind, _ value: String? = nil) {
        self.kind = kind
        self.value = kind == .global ? nil : value
    }

    /// Parses `global`, `KIND:ID` or `KIND:*`; `nil` for an unknown kind or an empty id.
    public init?(parsing text: String) {
        if text == "global" {
            self.init(.global)
            return
        }
        guard let colon = text.firstIndex(of: ":"), let kind = Kind(rawValue: String(text[..<colon])), kind != .global else {
            return nil
        }
        let value = String(text[text.index(after: colon)...])
        guard !value.isEmpty else { return nil }
        self.init(kind, value == "*" ? nil : value)
    }

    /// `global`, `KIND:ID` or `KIND:*`.
    public var description: String {
        kind == .global ? "global" : "\(kind.rawValue):\(value ?? "*")"
    }
}
