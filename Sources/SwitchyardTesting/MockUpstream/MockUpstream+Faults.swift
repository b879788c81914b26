extension MockUpstream {
    /// Faults a mock injects: latency, error statuses, disconnects, stalls and malformed chunks.
    ///
    /// Set them at start (``Configuration/faults``), change them at runtime (``Handle/setFaults(_:)``), or send
    /// them with one request in an `x-mock-fault` header, written as ``init(parsing:)`` reads them:
    /// `x-mock-fault: status=429;retry-after=2`.
    ///
    /// Order of effect: ``latency`` first; then ``status`` answers with the provider's error envelope; else a
    /// ``Disconnect/beforeResponse`` closes the connection; else the answer is written, and the first of
    /// ``disconnect``, ``stallAfterChunks`` and ``malformedAfterChunks`` to come due strikes. A "chunk" is one
    /// SSE event of a streamed answer; a non-streamed body counts as two chunks (its two halves).
    public struct Faults: Sendable, Hashable {
        /// Where a connection is cut.
        public enum Disconnect: Sendable, Hashable {
            /// Close the connection before writing any response.
            case beforeResponse
            /// Close the connection after the response head and this many chunks.
            case afterChunks(Int)
        }

        /// Added before the response head. Header: `latency-ms=N`.
        public var latency: Duration
        /// Answer with this HTTP status and the provider's documented error body (429, 500, 503, 529…).
        /// Header: `status=N`.
        public var status: Int?
        /// Sent as `retry-after` (whole seconds, rounded up) with an error status; OpenAI-style mocks add
        /// `retry-after-ms` when the wait is not whole seconds, Gemini mocks a `google.rpc.RetryInfo` detail.
        /// Header: `retry-after=S` (seconds, decimals allowed) or `retry-after-ms=N`.
        public var retryAfter: Duration?
        /// Inject the faults into the first N requests only, then answer normally; `nil` (the default) injects
        /// them into every request. Counted afresh whenever the faults are replaced; for header faults, per
        /// distinct header value. Header: `fail-first=N`.
        public var failFirst: Int?
        /// Cut the connection. Header: `reset` (before the response) or `reset-after=N` (after N chunks).
        public var disconnect: Disconnect?
        /// Stop sending after N chunks and hold the connection open until the client leaves or
        /// ``stallTimeout`` passes, then close it. Header: `stall-after=N`.
        public var stallAfterChunks: Int?
        /// How long a stall lasts at most. Default 30 seconds. Header: `stall-ms=N`.
        public var stallTimeout: Duration
        /// Send one chunk of invalid JSON after N chunks, then the rest of the answer. Header:
        /// `malformed-after=N`.
        public var malformedAfterChunks: Int?
        /// A pause before every chunk after the first (a slow stream). Header: `chunk-delay-ms=N`.
        public var chunkDelay: Duration

        /// Inject the faults into this share of requests, chosen at random (0 to 1); `nil` (the default) for every
        /// request. For chaos runs.
        public var probability: Double?

        /// Faults with the given values; no argument means no fault at all.
        public init(
            latency: Duration = .zero,
            status: Int? = nil,
            retryAfter: Duration? = nil,
            failFirst: Int? = nil,
            disconnect: Disconnect? = nil,
            stallAfterChunks: Int? = nil,
            stallTimeout: Duration = .seconds(30),
            malformedAfterChunks: Int? = nil,
            chunkDelay: Duration = .zero,
            probability: Double? = nil
        ) {
            self.latency = latency
            self.status = status
            self.retryAfter = retryAfter
            self.failFirst = failFirst
            self.disconnect = disconnect
            self.stallAfterChunks = stallAfterChunks
            self.stallTimeout = stallTimeout
            self.malformedAfterChunks = malformedAfterChunks
            self.chunkDelay = chunkDelay
            self.probability = probability
        }

        /// Whether these faults change nothing.
        public var isEmpty: Bool {
            if failFirst == 0 { return true }
            var effects = self
            effects.failFirst = nil
            effects.stallTimeout = Faults().stallTimeout
            effects.probability = nil
            return effects == Faults()
        }
    }
}
