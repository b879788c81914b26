import AsyncHTTPClient
import NIOCore

extension HTTPClientTransport {
    /// Tuning for the pooled upstream client.
    public struct Configuration: Sendable {
        /// The longest wait to open a connection. Default 10 s.
        public var connectTimeout: Duration = .seconds(10)
        /// The longest silence while reading a response — waiting for its head, or between stream chunks.
        /// Default 600 s; `serve` sets it to `server.upstream_timeout_seconds`.
        public var readTimeout: Duration = .seconds(600)
        /// Connections kept per upstream host. Default 256.
        public var connectionsPerHost: Int = 256

        public init() {}
    }

    /// Runs `body` with a transport on a fresh pooled client, and shuts the client down afterwards.
    public static func withTransport<Result: Sendable>(
        configuration: Configuration = Configuration(),
        _ body: (HTTPClientTransport) async throws -> Result
    ) async throws -> Result {
        var clientConfiguration = HTTPClient.Configuration()
        clientConfiguration.timeout = .init(
            connect: TimeAmount(configuration.connectTimeout),
            read: TimeAmount(configuration.readTimeout)
        )
        clientConfiguration.connectionPool = .init(
            idleTimeout: .seconds(60),
            concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.connectionsPerHost
        )
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: clientConfiguration)
        let result: Result
        do {
            result = try await body(HTTPClientTransport(client: client))
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }
}
