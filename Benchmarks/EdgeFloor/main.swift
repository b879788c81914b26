// The floor under any gateway built on a given HTTP server: the server alone answering a fixed chat completion,
// with no upstream and no work, and Switchyard's own server and upstream client relaying a call with no gateway work
// in between. A gateway on that server adds at least the floor's latency over nginx's static answer; the load
// harness's targets are ratios against nginx, so the floors say which of them a design can meet at all.
//
//   EdgeFloor nio|hummingbird|hummingbird-loop PORT
//   EdgeFloor relay PORT UPSTREAM_ORIGIN
//
// `nio`: SwiftNIO's HTTP/1.1 codec and one channel handler answering on the event loop: the least a server written
// on NIO can cost. `hummingbird`: Hummingbird 2's HTTP/1.1 server as an application uses it (a router, the body
// collected). `hummingbird-loop`: the same, each connection's task running on its channel's event loop (no hop to
// the concurrency pool), as `switchyard serve` prefers. `relay`: that server forwarding each request's bytes to
// the same path at UPSTREAM_ORIGIN through Switchyard's transport (its own pooled HTTP/1.1 client) and answering with
// the upstream's bytes, a stream chunk by chunk — the gateway's two hops with nothing done between them. scripts/bench/load.sh --edge-floor drives them
// beside nginx.

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
    print("usage: EdgeFloor nio|hummingbird|hummingbird-loop PORT, or EdgeFloor relay PORT UPSTREAM_ORIGIN")
    exit(64)
}
let fixedAnswer = ByteBuffer(string: fixedCompletionJSON)
let onConnectionLoop = HTTPServerBuilder { responder in LoopPreferringChannel(base: HTTP1Channel(responder: responder)) }

switch arguments[1] {
case "nio":
    try await runNIO(port: port)
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

/// Serves with SwiftNIO's HTTP/1.1 codec and ``FixedAnswerHandler`` on the event loops, and nothing else.
func runNIO(port: Int) async throws {
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .serverChannelOption(.backlog, value: 4096)
        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
        .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                try channel.pipeline.syncOperations.addHandler(FixedAnswerHandler())
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
