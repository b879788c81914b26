import SwitchyardCore

/// Sends one HTTP request to an upstream and hands back the response head and a streaming body.
///
/// The engine's only door to the network. ``HTTPClientTransport`` is the production implementation; tests may
/// script their own.
public protocol UpstreamTransport: Sendable {
    /// Sends `request` and returns once the response head has arrived.
    ///
    /// - Throws: ``SwitchyardError`` (retryable) when the upstream cannot be reached or does not answer in time.
    func send(_ request: UpstreamHTTPRequest, timeouts: TransportTimeouts) async throws -> UpstreamHTTPResponse
}

/// The time limits of one upstream request, as the transport enforces them.
public struct TransportTimeouts: Sendable, Hashable {
    /// Opening a connection; `nil` for the transport's default.
    public var connect: Duration?
    /// From sending the request to its response head.
    public var responseHead: Duration
    /// The longest silence while reading the response; `nil` for the transport's default.
    public var idle: Duration?

    /// Limits with the given values.
    public init(connect: Duration? = nil, responseHead: Duration, idle: Duration? = nil) {
        self.connect = connect
        self.responseHead = responseHead
        self.idle = idle
    }
}

/// An upstream's response: status and headers at once, the body as it arrives.
public struct UpstreamHTTPResponse: Sendable {
    public var status: Int
    /// Header fields; names are lowercase.
    public var headers: [(name: String, value: String)]
    /// The body, chunk by chunk. Dropping it without reading to the end cancels the upstream request.
    public var body: UpstreamBody

    public init(status: Int, headers: [(name: String, value: String)], body: UpstreamBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// An upstream response body as a sequence of byte chunks.
public typealias UpstreamBody = AsyncThrowingStream<[UInt8], any Error>

extension UpstreamBody {
    /// Reads the whole body, refusing more than `limit` bytes.
    ///
    /// - Throws: ``SwitchyardError/upstreamProtocol(_:cause:)`` past the limit.
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in self {
            guard bytes.count + chunk.count <= limit else {
                throw SwitchyardError.upstreamProtocol("The upstream response exceeded \(limit) bytes.")
            }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }
}
