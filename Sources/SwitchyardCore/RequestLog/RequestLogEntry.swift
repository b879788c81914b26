import Foundation

/// One request as the request log keeps it: who made it, what the pipeline decided stage by stage, every attempt
/// upstream with its timing, usage and cost — and, as the capture policy allows, the payloads.
///
/// `GET /admin/requests/{id}` returns it whole and `switchyard trace ID` prints it as a timeline.
public struct RequestLogEntry: Sendable, Hashable {
    /// How much of a request the log keeps, per key or tenant.
    public enum Capture: String, Sendable, Hashable, CaseIterable {
        /// No request-log entry at all (the ledger still records the call).
        case none
        /// Everything but the payloads.
        case metadata
        /// Payloads with personal data and secrets masked.
        case redacted
        /// Payloads as sent and received, up to the size cap.
        case full
    }

    /// One pipeline stage as it ran for this request.
    public struct Stage: Sendable, Hashable {
        /// The stage's name: `metering`, `policy`, `budget`, `route`, …
        public var name: String
        /// Microseconds from the request's start to the stage's start.
        public var startMicroseconds: Int
        /// How long the stage took, `next` included, in microseconds.
        public var durationMicroseconds: Int
        /// `nil` when the stage passed the call on; otherwise the error code it refused or failed with.
        public var refusal: String?
        /// Why, in words, when it refused.
        public var message: String?

        /// Creates a stage record.
        public init(name: String, startMicroseconds: Int, durationMicroseconds: Int, refusal: String? = nil, message: String? = nil) {
            self.name = name
            self.startMicroseconds = startMicroseconds
            self.durationMicroseconds = durationMicroseconds
            self.refusal = refusal
            self.message = message
        }
    }

    /// One try of one deployment.
    public struct Attempt: Sendable, Hashable {
        /// The provider name from the configuration.
        public var provider: String
        /// The model name sent upstream.
        public var model: String
        /// Microseconds from the request's start to the attempt's start.
        public var startMicroseconds: Int
        /// How long the attempt took to its first content (or its failure), in microseconds.
        public var durationMicroseconds: Int
        /// `nil` for success; otherwise the failure's label (`upstream_error`, `circuit_open`, …).
        public var failure: String?
        /// Whether a request went to the upstream (`false` when skipped: open breaker, spent rate limit, …).
        public var wasSent: Bool

        /// Creates an attempt record.
        public init(provider: String, model: String, startMicroseconds: Int, durationMicroseconds: Int, failure: String?, wasSent: Bool) {
            self.provider = provider
            self.model = model
            self.startMicroseconds = startMicroseconds
            self.durationMicroseconds = durationMicroseconds
            self.failure = failure
            self.wasSent = wasSent
        }
    }

    /// The request id (`x-switchyard-request-id`).
    public var requestID: String
    /// The W3C trace id of the request's trace, when tracing is on.
    public var traceID: String?
    /// When the request arrived.
    public var startedAt: Date
    /// Time from arrival to the end of the response, in microseconds.
    public var durationMicroseconds: Int
    /// Switchyard's own share of it (total minus time waiting on upstreams), in microseconds.
    public var overheadMicroseconds: Int
    /// Time from arrival to the first content event, in microseconds; `nil` when none came.
    public var timeToFirstTokenMicroseconds: Int?
    /// The client API: `openai.chat_completions` or `anthropic.messages`.
    public var api: String
    /// The virtual key's id; `nil` on a gateway running open.
    public var keyID: String?
    /// The key's name.
    public var keyName: String?
    /// The key's tenant.
    public var tenant: String?
    /// The agent.
    public var agent: String?
    /// The end user.
    public var user: String?
    /// The session.
    public var session: String?
    /// The model (alias) the client asked for.
    public var model: String
    /// The provider that answered; `nil` when none did.
    public var provider: String?
    /// The HTTP status the client received.
    public var status: Int
    /// `ok`, `cancelled`, or the error code that ended the request.
    public var outcome: String
    /// The error message the client received, when it failed.
    public var errorMessage: String?
    /// Whether the answer was streamed.
    public var streamed: Bool
    /// The routing decisions in words (the routing rule that fired, fallbacks taken).
    public var routingDecisions: [String]
    /// The pipeline stages, in the order they started.
    public var stages: [Stage]
    /// The attempts, in order.
    public var attempts: [Attempt]
    /// Normalized token counts.
    public var usage: Usage
    /// What the request cost.
    public var cost: Money
    /// How much was captured.
    public var capture: Capture
    /// The request body as captured (`redacted` or `full`), cut at the size cap; `nil` otherwise.
    public var requestBody: String?
    /// The answer as captured (`redacted` or `full`): the response body, or for a stream the text of its content,
    /// cut at the size cap; `nil` otherwise.
    public var responseBody: String?

    /// Creates an entry.
    public init(
        requestID: String,
        traceID: String? = nil,
        startedAt: Date,
        durationMicroseconds: Int,
        overheadMicroseconds: Int,
        timeToFirstTokenMicroseconds: Int? = nil,
        api: String,
        keyID: String? = nil,
        keyName: String? = nil,
        tenant: String? = nil,
        agent: String? = nil,
        user: String? = nil,
        session: String? = nil,
        model: String,
        provider: String? = nil,
        status: Int,
        outcome: String,
        errorMessage: String? = nil,
        streamed: Bool,
        routingDecisions: [String] = [],
        stages: [Stage] = [],
        attempts: [Attempt] = [],
        usage: Usage = .zero,
        cost: Money = .zero,
        capture: Capture = .metadata,
        requestBody: String? = nil,
        responseBody: String? = nil
    ) {
        self.requestID = requestID
        self.traceID = traceID
        self.startedAt = startedAt
        self.durationMicroseconds = durationMicroseconds
        self.overheadMicroseconds = overheadMicroseconds
        self.timeToFirstTokenMicroseconds = timeToFirstTokenMicroseconds
        self.api = api
        self.keyID = keyID
        self.keyName = keyName
        self.tenant = tenant
        self.agent = agent
        self.user = user
        self.session = session
        self.model = model
        self.provider = provider
        self.status = status
        self.outcome = outcome
        self.errorMessage = errorMessage
        self.streamed = streamed
        self.routingDecisions = routingDecisions
        self.stages = stages
        self.attempts = attempts
        self.usage = usage
        self.cost = cost
        self.capture = capture
        self.requestBody = requestBody
        self.responseBody = responseBody
    }
}
