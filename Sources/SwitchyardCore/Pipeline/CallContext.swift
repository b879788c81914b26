import Logging

/// What every pipeline stage knows about the call besides its input.
public struct CallContext: Sendable {
    /// The id returned to the client in `x-switchyard-request-id` and written on every log line.
    public var requestID: String
    /// Who is calling.
    public var principal: Principal
    /// A logger with the request id in its metadata.
    public var logger: Logger
    /// Facts the stages record for the response headers and metering.
    public let record: CallRecord
    /// The inbound request's headers (lowercase names), credentials removed; routing rules may read them.
    public var headers: [String: String]

    /// Creates a context; a fresh, empty ``CallRecord`` unless one is given.
    public init(
        requestID: String,
        principal: Principal,
        logger: Logger,
        record: CallRecord = CallRecord(),
        headers: [String: String] = [:]
    ) {
        self.requestID = requestID
        self.principal = principal
        self.logger = logger
        self.record = record
        self.headers = headers
    }
}
