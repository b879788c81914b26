import NIOCore
import NIOHTTP1
import SwitchyardCore

/// A keep-alive connection to an upstream, as its pool hands it out; usable from any task.
struct UpstreamConnection: Sendable, Equatable {
    let channel: any Channel
    let handler: NIOLoopBound<UpstreamConnectionHandler>
    let origin: UpstreamURL.Origin

    /// A connection of `channel`, run by `handler`; call on the channel's event loop.
    init(channel: any Channel, handler: UpstreamConnectionHandler, origin: UpstreamURL.Origin) {
        self.channel = channel
        self.handler = NIOLoopBound(handler, eventLoop: channel.eventLoop)
        self.origin = origin
    }

    /// Whether it can still carry a request.
    var isActive: Bool {
        channel.isActive
    }

    /// Sends a request and waits for its response head; the body follows in the response.
    func send(
        head: HTTPRequestHead,
        body: [UInt8],
        responseHeadTimeout: Duration,
        idleTimeout: Duration
    ) async throws -> UpstreamHTTPResponse {
        let eventLoop = channel.eventLoop
        let handler = handler
        let responseBody = UpstreamBodyBuffer(
            onDemand: { body in eventLoop.execute { handler.value.resumeReading(body) } },
            onAbandon: { body in eventLoop.execute { handler.value.abandon(body) } }
        )
        let exchange = UpstreamExchange(
            head: head,
            body: body,
            responseHeadTimeout: responseHeadTimeout,
            idleTimeout: idleTimeout,
            responseBody: responseBody
        )
        return try await exchange.response {
            eventLoop.execute { handler.value.start(exchange) }
        }
    }

    /// The connection closed before the request was written — typically an idle connection the upstream closed
    /// just as it was taken from the pool. Nothing was sent, so the request can go on another connection.
    struct ClosedBeforeRequest: Error {}

    static func == (lhs: UpstreamConnection, rhs: UpstreamConnection) -> Bool {
        lhs.channel === rhs.channel
    }
}
