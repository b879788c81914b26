// The floor under any gateway built on a given HTTP server: the server alone answering a fixed chat completion,
// with no upstream and no work, and Switchyard's own server and upstream client relaying a call with no gateway work
// in between. A gateway on that server adds at least the floor's latency over nginx's static answer; the load
// harness's targets are ratios against nginx, so the floors say which of them a design can meet at all.
//
//   EdgeFloor nio|hummingbird|hummingbird-loop PORT
//   EdgeFloor relay PORT UPSTREAM_ORIGIN
//   EdgeFloor nio-relay PORT UPSTREAM_IP UPSTREAM_PORT
//
// `nio`: SwiftNIO's HTTP/1.1 codec and one channel handler answering on the event loop: the least a server written
// on NIO can cost. `hummingbird`: Hummingbird 2's HTTP/1.1 server as an application uses it (a router, the body
// collected). `hummingbird-loop`: the same, each connection's task running on its channel's event loop (no hop to
// the concurrency pool), as `switchyard serve` prefers. `relay`: that server forwarding each request's bytes to
// the same path at UPSTREAM_ORIGIN through Switchyard's transport (its own pooled HTTP/1.1 client) and answering with
// the upstream's bytes, a stream chunk by chunk — the gateway's two hops with nothing done between them.
// `nio-relay`: the same relay (whole answers) as SwiftNIO channel handlers that never leave the connection's event
// loop, on keep-alive upstream connections of that loop — the least a gateway written on NIO directly can cost.
// scripts/bench/load.sh --edge-floor drives them beside nginx.

import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import SwitchyardCore
import SwitchyardEngine

let fixedCompletionJSON = #"{"id":"chatcmpl-floor","object":"chat.completion","created":1764806400,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"Hello! How can I help you today?"},"finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":9,"total_tokens":19}}"#

let arguments = CommandLine.arguments
guard arguments.count >= 3, let port = Int(arguments[2]) else {
    print("usage: EdgeFloor nio|hummingbird|hummingbird-loop PORT, EdgeFloor relay PORT UPSTREAM_ORIGIN, or EdgeFloor nio-relay PORT UPSTREAM_IP UPSTREAM_PORT")
    exit(64)
}
let fixedAnswer = ByteBuffer(string: fixedCompletionJSON)
let onConnectionLoop = HTTPServerBuilder { responder in LoopPreferringChannel(base: HTTP1Channel(responder: responder)) }

switch arguments[1] {
case "nio":
    try await runNIO(port: port) { FixedAnswerHandler() }
case "nio-relay" where arguments.count == 5:
    let upstream = try SocketAddress(ipAddress: arguments[3], port: Int(arguments[4]) ?? 0)
    var pools: [ObjectIdentifier: NIOUpstreamPool] = [:]
    for eventLoop in MultiThreadedEventLoopGroup.singleton.makeIterator() {
        pools[ObjectIdentifier(eventLoop)] = NIOUpstreamPool(eventLoop: eventLoop, address: upstream)
    }
    try await runNIO(port: port) { [pools] in RelayHandler(pools: pools) }
case "hummingbird":
    try await runHummingbird(port: port, server: .http1(), respond: answerFixed)
case "hummingbird-loop":
    try await runHummingbird(port: port, server: onConnectionLoop, respond: answerFixed)
case "relay" where arguments.count == 4:
    let origin = arguments[3]
    try await HTTPClientTransport.withTransport { transport in
        try await runHummingbird(port: port, server: onConnectionLoop) { request in
            try await relay(request, to: origin, through: transport)
        }
    }
default:
    print("unknown server \(arguments[1])")
    exit(64)
}

/// Serves every `POST` with Hummingbird.
func runHummingbird(
    port: Int,
    server: HTTPServerBuilder,
    respond: @escaping @Sendable (Request) async throws -> Response
) async throws {
    let router = Router()
    router.post("**") { request, _ in try await respond(request) }
    var logger = Logger(label: "edge-floor")
    logger.logLevel = .warning
    let application = Application(
        router: router,
        server: server,
        configuration: .init(address: .hostname("127.0.0.1", port: port)),
        logger: logger
    )
    try await application.runService()
}

/// Reads the request's body and answers the fixed completion.
@Sendable func answerFixed(_ request: Request) async throws -> Response {
    _ = try await request.body.collect(upTo: 1 << 20)
    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: fixedAnswer))
}

/// Sends the request's bytes to the same path at `origin` and answers with the upstream's bytes: an event stream
/// chunk by chunk as it arrives, anything else whole.
@Sendable func relay(_ request: Request, to origin: String, through transport: HTTPClientTransport) async throws -> Response {
    let body = try await request.body.collect(upTo: 1 << 20)
    let upstreamRequest = UpstreamHTTPRequest(
        url: origin + request.uri.path,
        headers: [("content-type", "application/json")],
        body: Array(buffer: body)
    )
    let upstream = try await transport.send(upstreamRequest, timeouts: TransportTimeouts(responseHead: .seconds(10)))
    let contentType = upstream.headers.first { $0.name == "content-type" }?.value ?? "application/json"
    let headers: HTTPFields = [.contentType: contentType]
    guard contentType.hasPrefix("text/event-stream") else {
        let bytes = try await upstream.body.collect(upTo: 1 << 20)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
    return Response(status: .ok, headers: headers, body: ResponseBody { writer in
        for try await chunk in upstream.body {
            try await writer.write(ByteBuffer(bytes: chunk))
        }
        try await writer.finish(nil)
    })
}

/// Runs each connection's task on its channel's event loop.
struct LoopPreferringChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopExecutor(eventLoop: value.channel.eventLoop)) {
            await base.handle(value: value, logger: logger)
        }
    }
}

/// Runs every job on one event loop.
final class EventLoopExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

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
