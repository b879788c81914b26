import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization
import SwitchyardCore

/// The production ``UpstreamTransport``, on pooled keep-alive connections.
///
/// Plain `http://` upstreams — inference servers beside the gateway, where its own cost shows most — go through the
/// transport's own HTTP/1.1 connection pool, which does only what a gateway's call needs (one flush per request, the
/// body read from a buffer without a hop per chunk). Everything else — `https://` with TLS and HTTP/2, user info in
/// the URL — goes through AsyncHTTPClient. Connect and idle timeouts are connection-level settings in
/// AsyncHTTPClient, so the transport keeps one of its clients per distinct pair that deployments ask for, made on
/// first use. Create the transport with ``withTransport(configuration:_:)``, which shuts every client down.
public struct HTTPClientTransport: UpstreamTransport {
    private let clients: ClientPool

    fileprivate init(clients: ClientPool) {
        self.clients = clients
    }

    public func send(_ request: UpstreamHTTPRequest, timeouts: TransportTimeouts) async throws -> UpstreamHTTPResponse {
        if let url = UpstreamURL(plainHTTP: request.url) {
            return try await clients.plainHTTP.send(
                request,
                to: url,
                connectTimeout: timeouts.connect ?? clients.configuration.connectTimeout,
                responseHeadTimeout: timeouts.responseHead,
                idleTimeout: timeouts.idle ?? clients.configuration.readTimeout
            )
        }
        return try await sendThroughAsyncHTTPClient(request, timeouts: timeouts)
    }

    /// Sends `request` with AsyncHTTPClient: TLS, HTTP/2, and whatever else the plain-HTTP pool leaves to it. Kept
    /// out of ``send(_:timeouts:)`` so that the pool's calls do not carry this path's locals in their frame.
    @inline(never)
    private func sendThroughAsyncHTTPClient(
        _ request: UpstreamHTTPRequest,
        timeouts: TransportTimeouts
    ) async throws -> UpstreamHTTPResponse {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers {
            outbound.headers.add(name: name, value: value)
        }
        outbound.body = .bytes(ByteBuffer(bytes: request.body))
        let response: HTTPClientResponse
        do {
            let client = clients.client(connect: timeouts.connect, idle: timeouts.idle)
            response = try await client.execute(outbound, timeout: TimeAmount(timeouts.responseHead))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw SwitchyardError.upstreamHeadTimeout(cause: String(describing: error))
        } catch let error where Self.isCancellation(error) {
            // The caller went away: not the upstream's fault, and no reason to try another deployment.
            throw CancellationError()
        } catch {
            throw SwitchyardError.upstreamUnreachable(cause: String(describing: error))
        }
        let headers = response.headers.map { (name: $0.name.lowercased(), value: $0.value) }
        return UpstreamHTTPResponse(status: Int(response.status.code), headers: headers, body: Self.bodyStream(response.body))
    }

    /// Whether `error` means the request was cancelled by its caller rather than failed by the upstream.
    private static func isCancellation(_ error: any Error) -> Bool {
        error is CancellationError || (error as? HTTPClientError) == .cancelled
    }

    /// Adapts AsyncHTTPClient's body to ``UpstreamBody`` without a task: chunks are pulled on demand by the
    /// consumer, so a consumer that stops reading (a client that went away) drops the iterator, which cancels the
    /// upstream request.
    private static func bodyStream(_ body: HTTPClientResponse.Body) -> UpstreamBody {
        let iterator = UnfoldingIterator(body.makeAsyncIterator())
        return UpstreamBody(unfolding: {
            do {
                guard let buffer = try await iterator.next() else { return nil }
                return Array(buffer.readableBytesView)
            } catch let error as HTTPClientError where error == .readTimeout {
                throw SwitchyardError.upstreamStalled(cause: String(describing: error))
            } catch let error where Self.isCancellation(error) {
                throw CancellationError()
            } catch let error as SwitchyardError {
                throw error
            } catch {
                throw SwitchyardError.upstreamBroken(cause: String(describing: error))
            }
        })
    }
}

extension HTTPClientTransport {
    /// Tuning for the pooled upstream clients.
    public struct Configuration: Sendable {
        /// The longest wait to open a connection, unless a deployment sets its own. Default 10 s.
        public var connectTimeout: Duration = .seconds(10)
        /// The longest silence while reading a response — waiting for its head, or between stream chunks —
        /// unless a deployment sets its own idle timeout. Default 600 s; `serve` sets it to
        /// `server.upstream_timeout_seconds`.
        public var readTimeout: Duration = .seconds(600)
        /// Connections kept per upstream host; requests beyond them wait for a free one. Default 256; `serve` sets
        /// it to `server.upstream_connections_per_host`.
        public var connectionsPerHost: Int = 256

        /// The defaults above.
        public init() {}
    }

    /// Runs `body` with a transport, and shuts all its clients down afterwards.
    public static func withTransport<Result: Sendable>(
        configuration: Configuration = Configuration(),
        _ body: (HTTPClientTransport) async throws -> Result
    ) async throws -> Result {
        let clients = ClientPool(configuration: configuration)
        let result: Result
        do {
            result = try await body(HTTPClientTransport(clients: clients))
        } catch {
            await clients.shutdown()
            throw error
        }
        await clients.shutdown()
        return result
    }
}

/// The clients of one transport: the pool for plain-HTTP upstreams, and AsyncHTTPClient's, one per (connect, idle)
/// timeout pair.
private final class ClientPool: Sendable {
    private struct Key: Hashable {
        var connect: Duration
        var idle: Duration
    }

    let configuration: HTTPClientTransport.Configuration
    let plainHTTP: UpstreamConnectionPool
    private let clients = Mutex<[Key: HTTPClient]>([:])

    init(configuration: HTTPClientTransport.Configuration) {
        self.configuration = configuration
        self.plainHTTP = UpstreamConnectionPool(
            group: HTTPClient.defaultEventLoopGroup,
            connectionsPerOrigin: configuration.connectionsPerHost,
            idleTimeout: .seconds(60)
        )
    }

    /// The client for these timeouts, made on first use.
    func client(connect: Duration?, idle: Duration?) -> HTTPClient {
        let key = Key(connect: connect ?? configuration.connectTimeout, idle: idle ?? configuration.readTimeout)
        return clients.withLock { clients in
            if let client = clients[key] { return client }
            var settings = HTTPClient.Configuration()
            settings.timeout = .init(connect: TimeAmount(key.connect), read: TimeAmount(key.idle))
            // The router's attempt span is the upstream call's client span and puts its context in `traceparent`;
            // a second client span of AsyncHTTPClient's own would only add a tracer hand-off per call.
            settings.tracing.tracer = nil
            settings.connectionPool = .init(
                idleTimeout: .seconds(60),
                concurrentHTTP1ConnectionsPerHostSoftLimit: configuration.connectionsPerHost
            )
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
            clients[key] = client
            return client
        }
    }

    func shutdown() async {
        plainHTTP.shutDown()
        let all = clients.withLock { clients in
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        for client in all {
            try? await client.shutdown()
        }
    }
}
