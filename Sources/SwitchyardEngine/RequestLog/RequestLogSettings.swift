import SwitchyardCore

/// How the request log captures and keeps requests: the capture mode by default and per key or tenant, the payload
/// size cap, and retention.
public struct RequestLogSettings: Sendable {
    /// How much of each request is kept unless an override applies. Default: `metadata`.
    public var capture: RequestLogEntry.Capture
    /// Capture modes for particular keys or tenants (or agents, users, sessions). The most specific matching scope
    /// wins — key, then session, user, agent, tenant, and global last; among overrides of one kind the first listed.
    public var captureOverrides: [(scope: QuotaScope, capture: RequestLogEntry.Capture)]
    /// The most bytes of each payload kept under `redacted` or `full`. Default: 65,536.
    public var maximumPayloadBytes: Int
    /// Entries older than this many days are deleted; 0 or less keeps them forever. Default: 30.
    public var retentionDays: Int
    /// How often the retention service looks for expired entries. Default: 10 minutes.
    public var retentionInterval: Duration

    /// Creates settings; every field has its default.
    public init(
        capture: RequestLogEntry.Capture = .metadata,
        captureOverrides: [(scope: QuotaScope, capture: RequestLogEntry.Capture)] = [],
        maximumPayloadBytes: Int = 65_536,
        retentionDays: Int = 30,
        retentionInterval: Duration = .seconds(600)
    ) {
        self.capture = capture
        self.captureOverrides = captureOverrides
        self.maximumPayloadBytes = maximumPayloadBytes
        self.retentionDays = retentionDays
        self.retentionInterval = retentionInterval
    }

    /// Scope kinds from the most specific to the least; `deployment` never names a caller.
    private static let precedence: [QuotaScope.Kind] = [.key, .session, .user, .agent, .tenant, .global]

    /// The capture mode for a call by `principal`: the most specific override whose scope names it, else
    /// ``capture``. A scope written with `*` (`tenant:*`) matches every call that has an identity of its kind.
    public func capture(for principal: Principal) -> RequestLogEntry.Capture {
        for kind in Self.precedence {
            guard let identity = principal.identity(for: kind) else { continue }
            let match = captureOverrides.first { override in
                override.scope.kind == kind
                    && (override.scope.value == nil || override.scope.value == identity
                        // A key is named by id or by name, as in quota scopes.
                        || (kind == .key && override.scope.value == principal.keyName))
            }
            if let match { return match.capture }
        }
        return capture
    }
}
