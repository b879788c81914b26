import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import SwitchyardCore
import SwitchyardEngine

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

extension HTTPServerBuilder {
    /// HTTP/1.1 with each connection's task on its channel's event loop.
    static var onConnectionLoop: HTTPServerBuilder {
        HTTPServerBuilder { responder in LoopPreferringChannel(base: HTTP1Channel(responder: responder)) }
    }
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
