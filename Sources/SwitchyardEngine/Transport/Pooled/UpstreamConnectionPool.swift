import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import SwitchyardCore

/// Keep-alive HTTP/1.1 connections to plain-HTTP upstreams, per origin: the hot path's client.
///
/// A request takes an idle connection of its origin, or opens one while the origin has fewer than
/// `connectionsPerOrigin`, or waits for one to come free. The request is written in one flush, its head built once
/// here; the response head comes back to the task and the body is read from a buffer the connection's event loop fills
/// (``UpstreamBodyBuffer``). A connection goes back to the pool when its response ends, unless the upstream asked to
/// close it, and is closed after `idleTimeout` unused.
final class UpstreamConnectionPool: Sendable {
    private struct State {
        var machine: StateMachine<UpstreamConnection>
        /// The tasks waiting for a connection, by waiter id — or what they are to be given, when it was decided
        /// before they could start waiting.
        var waiters: [Int: Waiter] = [:]

        /// Settles the waiter `id` with `result`: returns its continuation to resume, or keeps the result for it.
        mutating func settle(_ id: Int, with result: Result<Grant, any Error>) -> CheckedContinuation<Grant, any Error>? {
            if case .waiting(let continuation) = waiters[id] {
                waiters[id] = nil
                return continuation
            }
            waiters[id] = .settled(result)
            return nil
        }
    }

    private enum Waiter {
        case waiting(CheckedContinuation<Grant, any Error>)
        case settled(Result<Grant, any Error>)
    }

    /// What a waiting task is given.
    private enum Grant {
        case connection(UpstreamConnection)
        case connect
    }

    private let group: any EventLoopGroup
    private let idleTimeout: TimeAmount
    private let state: Mutex<State>

    /// A pool opening at most `connectionsPerOrigin` connections to each origin on `group`'s event loops, closing
    /// those unused for `idleTimeout`.
    init(group: any EventLoopGroup, connectionsPerOrigin: Int, idleTimeout: Duration) {
        self.group = group
        self.idleTimeout = TimeAmount(idleTimeout)
        self.state = Mutex(State(machine: StateMachine(connectionsPerOrigin: connectionsPerOrigin)))
    }

    /// Sends `request` to `url` and returns once the response head has arrived.
    ///
    /// - Throws: ``SwitchyardError`` (retryable) when the upstream cannot be reached or does not answer in time;
    ///   `CancellationError` when the task is cancelled.
    func send(
        _ request: UpstreamHTTPRequest,
        to url: UpstreamURL,
        connectTimeout: Duration,
        responseHeadTimeout: Duration,
        idleTimeout: Duration
    ) async throws -> UpstreamHTTPResponse {
        let head = Self.head(of: request, to: url)
        for _ in 0..<Self.connectionsTriedAtMost {
            do {
                return try await connection(to: url.origin, connectTimeout: connectTimeout).send(
                    head: head,
                    body: request.body,
                    responseHeadTimeout: responseHeadTimeout,
                    idleTimeout: idleTimeout
                )
            } catch is UpstreamConnection.ClosedBeforeRequest {
                continue
            }
        }
        throw SwitchyardError.upstreamUnreachable(
            cause: "\(Self.connectionsTriedAtMost) connections closed before the request could be written."
        )
    }

    /// How many connections a request tries when they turn out closed before it could be written (nothing was sent
    /// on them, so trying another is always safe).
    private static let connectionsTriedAtMost = 3

    /// Closes the idle connections and fails the waiting tasks; connections still in use close when their exchange
    /// ends.
    func shutDown() {
        let error = SwitchyardError.upstreamUnreachable(cause: "The transport is shutting down.")
        let (idle, waiters) = state.withLock { state in
            let (idle, waiterIDs) = state.machine.shutDown()
            return (idle, waiterIDs.compactMap { state.settle($0, with: .failure(error)) })
        }
        for connection in idle {
            connection.channel.close(promise: nil)
        }
        for waiter in waiters {
            waiter.resume(throwing: error)
        }
    }

    // MARK: Calls from connections

    /// `connection` finished an exchange and can serve another.
    func release(_ connection: UpstreamConnection) {
        let handoff = state.withLock { $0.machine.release(connection, to: connection.origin) }
        carryOut(handoff)
    }

    /// `connection` closed.
    func connectionClosed(_ connection: UpstreamConnection) {
        let handoff = state.withLock { $0.machine.closed(connection, to: connection.origin) }
        carryOut(handoff)
    }

    /// `connection`'s idle timeout ran out: whether it is to be closed (it is idle in the pool, not on its way to a task).
    func retire(_ connection: UpstreamConnection) -> Bool {
        state.withLock { $0.machine.retire(connection, from: connection.origin) }
    }

    // MARK: Connections

    /// A connection to `origin`: on the caller's event loop when the caller runs on one (a request's task does, on
    /// its connection's loop while that loop is quiet) and such a connection is idle or can be opened, so that the
    /// whole call stays on one thread.
    private func connection(to origin: UpstreamURL.Origin, connectTimeout: Duration) async throws -> UpstreamConnection {
        let callersLoop = MultiThreadedEventLoopGroup.currentEventLoop
        let acquisition = state.withLock { state in
            state.machine.acquire(origin, isUsable: \.isActive, isPreferred: { $0.channel.eventLoop === callersLoop })
        }
        switch acquisition {
        case .use(let connection):
            return connection
        case .connect:
            return try await connect(to: origin, on: callersLoop, timeout: connectTimeout)
        case .wait(let id):
            switch try await wait(as: id, for: origin) {
            case .connection(let connection): return connection
            case .connect: return try await connect(to: origin, on: callersLoop, timeout: connectTimeout)
            }
        case .shutDown:
            throw SwitchyardError.upstreamUnreachable(cause: "The transport is shutting down.")
        }
    }

    private func wait(as id: Int, for origin: UpstreamURL.Origin) async throws -> Grant {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let settled = state.withLock { state -> Result<Grant, any Error>? in
                    if case .settled(let result) = state.waiters.removeValue(forKey: id) { return result }
                    state.waiters[id] = .waiting(continuation)
                    return nil
                }
                if let settled {
                    continuation.resume(with: settled)
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Grant, any Error>? in
                // A waiter already served keeps what it was given.
                guard state.machine.cancelWaiter(id, for: origin) else { return nil }
                return state.settle(id, with: .failure(CancellationError()))
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Opens a connection to `origin`, on `eventLoop` if it is one of the pool's, on any of its loops otherwise.
    private func connect(to origin: UpstreamURL.Origin, on eventLoop: (any EventLoop)?, timeout: Duration) async throws -> UpstreamConnection {
        let idleTimeout = idleTimeout
        let loop = eventLoop.flatMap { loop in group.makeIterator().contains { $0 === loop } ? loop : nil } ?? group.next()
        let bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(TimeAmount(timeout))
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(
                        UpstreamConnectionHandler(pool: self, origin: origin, poolIdleTimeout: idleTimeout)
                    )
                }
            }
        let channel: any Channel
        do {
            if let address = try? SocketAddress(ipAddress: origin.host, port: origin.port) {
                // An address already: no resolver, which would look it up on a thread of its own.
                channel = try await bootstrap.connect(to: address).get()
            } else {
                channel = try await bootstrap.connect(host: origin.host, port: origin.port).get()
            }
        } catch {
            carryOut(state.withLock { $0.machine.connectFailed(to: origin) })
            throw SwitchyardError.upstreamUnreachable(cause: String(describing: error))
        }
        // Connected: from here on the connection's handler reports its close to the pool itself.
        do {
            return try await channel.eventLoop.submit {
                let handler = try channel.pipeline.syncOperations.handler(type: UpstreamConnectionHandler.self)
                return UpstreamConnection(channel: channel, handler: handler, origin: origin)
            }.get()
        } catch {
            throw UpstreamConnection.ClosedBeforeRequest()
        }
    }

    private func carryOut(_ handoff: StateMachine<UpstreamConnection>.Handoff) {
        switch handoff {
        case .none:
            break
        case .give(let connection, let id):
            state.withLock { $0.settle(id, with: .success(.connection(connection))) }?.resume(returning: .connection(connection))
        case .letConnect(let id):
            state.withLock { $0.settle(id, with: .success(.connect)) }?.resume(returning: .connect)
        case .close(let connection):
            connection.channel.close(promise: nil)
        }
    }

    /// The request's head: its headers, then `Host` and `Content-Length` unless given.
    private static func head(of request: UpstreamHTTPRequest, to url: UpstreamURL) -> HTTPRequestHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(request.headers.count + 2)
        var hasHost = false
        var hasLength = false
        for (name, value) in request.headers {
            if name == "host" { hasHost = true }
            if name == "content-length" { hasLength = true }
            headers.add(name: name, value: value)
        }
        if !hasHost {
            headers.add(name: "host", value: url.hostHeader)
        }
        if !hasLength {
            headers.add(name: "content-length", value: String(request.body.count))
        }
        return HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: url.target, headers: headers)
    }
}
