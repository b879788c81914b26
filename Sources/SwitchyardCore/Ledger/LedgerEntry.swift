import Foundation

/// One model call as the ledger records it: who made it, what answered, what it consumed and cost, and how it
/// ended. Every call that reaches the router becomes exactly one entry.
public struct LedgerEntry: Sendable, Hashable {
    /// The request id (`x-switchyard-request-id`); unique, so a batch written twice records each call once.
    public var requestID: String
    /// When the call finished.
    public var recordedAt: Date
    /// The calendar day of ``recordedAt`` in the configured time zone, `YYYY-MM-DD`, for daily reports.
    public var day: String
    /// The virtual key's id; `nil` on a gateway running open.
    public var keyID: String?
    /// The key's tenant.
    public var tenant: String?
    /// The agent, from `x-switchyard-agent` or the key's `agent` metadata.
    public var agent: String?
    /// The end user, from the request.
    public var user: String?
    /// The session, from `x-switchyard-session`.
    public var session: String?
    /// The model alias the client asked for.
    public var model: String
    /// The provider that answered (or last failed); `nil` when no attempt was made.
    public var provider: String?
    /// The model name sent upstream.
    public var deploymentModel: String?
    /// Normalized token counts.
    public var usage: Usage
    /// What the call cost.
    public var cost: Money
    /// Time from receiving the request to its end, in milliseconds.
    public var latencyMilliseconds: Int
    /// Switchyard's own share of the latency (total minus time waiting on upstreams), in microseconds.
    public var overheadMicroseconds: Int
    /// `ok`, `cancelled` (the client left; charged for what was streamed), or the error code that ended it.
    public var outcome: String
    /// Whether the answer was streamed.
    public var streamed: Bool

    /// Creates an entry.
    public init(
        requestID: String,
        recordedAt: Date,
        day: String,
        keyID: String? = nil,
        tenant: String? = nil,
        agent: String? = nil,
        user: String? = nil,
        session: String? = nil,
        model: String,
        provider: String? = nil,
        deploymentModel: String? = nil,
        usage: Usage,
        cost: Money,
        latencyMilliseconds: Int,
        overheadMicroseconds: Int,
        outcome: String,
        streamed: Bool
    ) {
        self.requestID = requestID
        self.recordedAt = recordedAt
        self.day = day
        self.keyID = keyID
        self.tenant = tenant
        self.agent = agent
        self.user = user
        self.session = session
        self.model = model
        self.provider = provider
        self.deploymentModel = deploymentModel
        self.usage = usage
        self.cost = cost
        self.latencyMilliseconds = latencyMilliseconds
        self.overheadMicroseconds = overheadMicroseconds
        self.outcome = outcome
        self.streamed = streamed
    }
}
