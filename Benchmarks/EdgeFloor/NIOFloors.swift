import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves with SwiftNIO's HTTP/1.1 codec and one handler of `makeHandler`'s per connection, on the event loops.
func runNIO<Handler: ChannelInboundHandler>(
    port: Int,
    makeHandler: @escaping @Sendable () -> Handler
) async throws where Handler.InboundIn == HTTPServerRequestPart {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.backlog, value: 4096)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                try channel.pipeline.syncOperations.addHandler(makeHandler())
            }
        }
        .bind(host: "127.0.0.1", port: port)
        .get()
    try await channel.closeFuture.get()
}

/// Answers every request with the fixed completion once its body has been read.
final class FixedAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let body = fixedAnswer
    private var keepAlive = true

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", String(body.readableBytes))])
            if !keepAlive { headers.add(name: "connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            if !keepAlive { context.close(promise: nil) }
        }
    }
}

/// Relays each request to the upstream over a pooled connection of the same event loop, without leaving it: the
/// least a gateway written as NIO channel handlers can cost. Whole answers only.
final class RelayHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let pools: [ObjectIdentifier: NIOUpstreamPool]
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(pools: [ObjectIdentifier: NIOUpstreamPool]) {
        self.pools = pools
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let head, let pool = pools[ObjectIdentifier(context.eventLoop)] else { return }
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            pool.exchange(uri: head.uri, body: body) { answer in
                let context = loopBound.value
                let headers = HTTPHeaders([("content-type", "application/json"), ("content-length", String(answer.readableBytes))])
                context.write(NIOAny(HTTPServerResponsePart.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(answer))), promise: nil)
                context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil)), promise: nil)
            }
        }
    }
}

/// Keep-alive connections to the upstream, for one event loop and used only on it.
final class NIOUpstreamPool: @unchecked Sendable {
    private let eventLoop: any EventLoop
    private let address: SocketAddress
    private var idle: [any Channel] = []

    init(eventLoop: any EventLoop, address: SocketAddress) {
        self.eventLoop = eventLoop
        self.address = address
    }

    /// Sends one request on an idle connection (or a new one) and hands the answer's body to `answered`.
    func exchange(uri: String, body: ByteBuffer, answered: @escaping (ByteBuffer) -> Void) {
        eventLoop.preconditionInEventLoop()
        if let channel = idle.popLast(), channel.isActive {
            send(uri: uri, body: body, on: channel, answered: answered)
            return
        }
        let loopBound = NIOLoopBound((self, uri, body, answered), eventLoop: eventLoop)
        ClientBootstrap(group: eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(UpstreamAnswerHandler())
                }
            }
            .connect(to: address)
            .whenSuccess { channel in
                let (pool, uri, body, answered) = loopBound.value
                pool.send(uri: uri, body: body, on: channel, answered: answered)
            }
    }

    private func send(uri: String, body: ByteBuffer, on channel: any Channel, answered: @escaping (ByteBuffer) -> Void) {
        let handler = try! channel.pipeline.syncOperations.handler(type: UpstreamAnswerHandler.self)
        handler.answered = { [self] answer in
            idle.append(channel)
            answered(answer)
        }
        let headers = HTTPHeaders([
            ("host", "\(address.ipAddress ?? "127.0.0.1"):\(address.port ?? 80)"),
            ("content-type", "application/json"),
            ("content-length", String(body.readableBytes)),
        ])
        channel.write(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: uri, headers: headers)), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil)
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
    }
}

/// Collects an upstream answer's body and hands it over at its end.
final class UpstreamAnswerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    var answered: ((ByteBuffer) -> Void)?
    private var body = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            let answered = self.answered
            self.answered = nil
            answered?(body)
        }
    }
}
