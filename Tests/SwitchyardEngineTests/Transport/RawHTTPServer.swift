import Foundation
import NIOCore
import NIOPosix
@testable import SwitchyardEngine
import Synchronization

/// A bare HTTP/1.1 server on 127.0.0.1 for the pooled transport's tests: it answers each request with raw bytes of the
/// test's choosing — well-formed or not — and counts the connections it accepted and saw closed.
final class RawHTTPServer: Sendable {
    /// What to do with one request.
    struct Reply: Sendable {
        /// The bytes to write, head and body as they go on the wire.
        var bytes: String
        /// Close the connection after writing them.
        var closeAfter = false
        /// Close the connection this long after writing them (an upstream's own keep-alive timeout).
        var closeLater: Duration?

        /// A `200` with a JSON body and its length.
        static func json(_ body: String, headers: String = "") -> Reply {
            Reply(bytes: "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\n\(headers)\r\n\(body)")
        }
    }

    let port: Int
    private let accepted = Atomic(0)
    private let closed = Atomic(0)
    private let requests = Atomic(0)
    private let respond: @Sendable (_ request: Int, _ text: String) -> Reply?

    /// Connections accepted so far.
    var acceptedConnections: Int { accepted.load(ordering: .relaxed) }
    /// Connections whose client closed them, or that the server closed, so far.
    var closedConnections: Int { closed.load(ordering: .relaxed) }

    private init(port: Int, respond: @escaping @Sendable (Int, String) -> Reply?) {
        self.port = port
        self.respond = respond
    }

    /// Runs `body` with a server that answers the `n`th request (from 0, over all connections) with `respond(n,
    /// requestText)` — or never, for `nil` — and stops it afterwards.
    static func with<Result>(
        respond: @escaping @Sendable (_ request: Int, _ text: String) -> Reply?,
        _ body: (RawHTTPServer) async throws -> Result
    ) async throws -> Result {
        let box = Mutex<RawHTTPServer?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let server = box.withLock { $0 }!
                    try channel.pipeline.syncOperations.addHandler(Connection(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = RawHTTPServer(port: channel.localAddress!.port!, respond: respond)
        box.withLock { $0 = server }
        do {
            let result = try await body(server)
            try await channel.close()
            return result
        } catch {
            try? await channel.close()
            throw error
        }
    }

    /// Waits up to `timeout` for `condition` to hold.
    func eventually(within timeout: Duration = .seconds(5), _ condition: (RawHTTPServer) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !condition(self) {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    private final class Connection: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer

        private let server: RawHTTPServer
        private var received = ""

        init(server: RawHTTPServer) {
            self.server = server
        }

        func channelActive(context: ChannelHandlerContext) {
            server.accepted.add(1, ordering: .relaxed)
            context.fireChannelActive()
        }

        func channelInactive(context: ChannelHandlerContext) {
            server.closed.add(1, ordering: .relaxed)
            context.fireChannelInactive()
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            received += buffer.readString(length: buffer.readableBytes) ?? ""
            while let request = takeRequest() {
                let index = server.requests.add(1, ordering: .relaxed).oldValue
                guard let reply = server.respond(index, request) else { continue }
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: reply.bytes)), promise: nil)
                if reply.closeAfter {
                    context.close(promise: nil)
                } else if let later = reply.closeLater {
                    let channel = context.channel
                    context.eventLoop.scheduleTask(in: TimeAmount(later)) {
                        channel.close(promise: nil)
                    }
                }
            }
        }

        /// A whole request (head and `content-length` body) off the front of what was received.
        private func takeRequest() -> String? {
            guard let headEnd = received.range(of: "\r\n\r\n") else { return nil }
            let head = received[..<headEnd.lowerBound].lowercased()
            var length = 0
            if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }) {
                length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
            }
            let bodyStart = headEnd.upperBound
            guard received.utf8.distance(from: bodyStart, to: received.endIndex) >= length else { return nil }
            let end = received.utf8.index(bodyStart, offsetBy: length)
            defer { received = String(received[end...]) }
            return String(received[..<end])
        }
    }
}
