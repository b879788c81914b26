/// How long each phase of an upstream call may take. Unset values fall back from deployment to alias; with
/// neither, the server's `upstream_timeout_seconds` bounds the wait for the response head and each silence.
public struct RouteTimeouts: Sendable, Hashable {
    /// Opening a connection to the upstream.
    public var connect: Duration?
    /// From sending the request to the first content of the answer (time to first token when streaming).
    public var firstToken: Duration?
    /// The longest silence between two pieces of a streamed answer; a stalled stream is cut here.
    public var idle: Duration?
    /// The whole call, first byte to last. Checked as each piece arrives; a stall is caught by ``idle``.
    public var total: Duration?

    /// Timeouts with the given values; unset ones fall back to the next level.
    public init(connect: Duration? = nil, firstToken: Duration? = nil, idle: Duration? = nil, total: Duration? = nil) {
        self.connect = connect
        self.firstToken = firstToken
        self.idle = idle
        self.total = total
    }

    /// These timeouts, with each unset one taken from `fallback`.
    public func orElse(_ fallback: RouteTimeouts) -> RouteTimeouts {
        RouteTimeouts(
            connect: connect ?? fallback.connect,
            firstToken: firstToken ?? fallback.firstToken,
            idle: idle ?? fallback.idle,
            total: total ?? fallback.total
        )
    }
}
