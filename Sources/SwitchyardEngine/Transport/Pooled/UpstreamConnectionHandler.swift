import NIOCore
import NIOHTTP1
import SwitchyardCore

/// Runs the exchanges of one keep-alive connection to an upstream, on the connection's event loop.
///
/// Writes a request, hands its response head to the waiting task and its body parts to the response body, and when
/// the response ends gives the connection back to its pool — or closes it, if the upstream said so, the exchange
/// was given up, or anything went wrong. It enforces the exchange's time limits: the response head's deadline, and
/// the idle timeout between reads. It stops reading the socket while a body's reader is far behind.
final class UpstreamConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTPClientRequestPart
    typealias OutboundOut = HTTPClientRequestPart

    private let pool: UpstreamConnectionPool
    private let origin: UpstreamURL.Origin
    /// How long the connection may stay idle in the pool before it is closed.
    private let poolIdleTimeout: TimeAmount

    private var stateMachine = StateMachine()
    private var context: ChannelHandlerContext?
    /// The exchange in flight.
    private var exchange: UpstreamExchange?
    /// The exchange's response head, kept until the end of the socket read that brought it, so that the task wakes
    /// once to the head and the body parts that came with it.
    private var pendingHead: HTTPResponseHead?
    private var headDeadline: Scheduled<Void>?
    private var idleCheck: Scheduled<Void>?
    private var poolIdleClose: Scheduled<Void>?
    private var lastRead = NIODeadline.now()
    /// A read the channel asked for while the body's reader was far behind.
    private var readHeldBack = false

    init(pool: UpstreamConnectionPool, origin: UpstreamURL.Origin, poolIdleTimeout: TimeAmount) {
        self.pool = pool
        self.origin = origin
        self.poolIdleTimeout = poolIdleTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    // MARK: Calls from the connection's users, on its event loop

    /// Sends `exchange`'s request, unless it was settled (cancelled) before it got here.
    func start(_ exchange: UpstreamExchange) {
        guard let context else {
            exchange.failHead(UpstreamConnection.ClosedBeforeRequest())
            return
        }
        if exchange.isSettled {
            // Cancelled before it started: the connection is as good as before.
            if stateMachine.state == .idle {
                pool.release(UpstreamConnection(channel: context.channel, handler: self, origin: origin))
            }
            return
        }
        switch stateMachine.start() {
        case .sendRequest:
            self.exchange = exchange
            poolIdleClose?.cancel()
            poolIdleClose = nil
            send(exchange, context: context)
        default:
            exchange.failHead(UpstreamConnection.ClosedBeforeRequest())
        }
    }

    /// The reader of `body` has caught up: reads held back start again.
    func resumeReading(_ body: UpstreamBodyBuffer) {
        guard let context, exchange?.responseBody === body, readHeldBack else { return }
        readHeldBack = false
        lastRead = .now()
        context.read()
    }

    /// The task gave the exchange of `body` up: the connection is closed, which tells the upstream.
    func abandon(_ body: UpstreamBodyBuffer) {
        guard let context, exchange?.responseBody === body else { return }
        if stateMachine.abandoned() == .close {
            endExchange()
            context.close(promise: nil)
        }
    }

    // MARK: Channel events

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastRead = .now()
        switch unwrapInboundIn(data) {
        case .head(let head):
            switch stateMachine.receivedHead(keepAlive: head.isKeepAlive) {
            case .deliverHead:
                headDeadline?.cancel()
                headDeadline = nil
                pendingHead = head
            case .failBody:
                fail(with: SwitchyardError.upstreamBroken(cause: "A second response head arrived mid-body."))
            case .close:
                context.close(promise: nil)
            default:
                break
            }
        case .body(let buffer):
            if stateMachine.receivedBodyPart() == .deliverBodyPart {
                exchange?.responseBody.append(Array(buffer.readableBytesView))
            }
        case .end:
            guard case .finishBody(let reuse) = stateMachine.receivedEnd() else { return }
            let (exchange, head) = (self.exchange, pendingHead)
            endExchange()
            // Back in the pool before the task hears of the end, so that its next call finds the connection there.
            if reuse {
                becomeIdle(context: context)
            } else {
                context.close(promise: nil)
            }
            exchange?.responseBody.finish(.success(()))
            if let head {
                exchange?.deliverHead(head)
            }
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        deliverPendingHead()
        exchange?.responseBody.deliver()
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if case .streamingBody = stateMachine.state, let body = exchange?.responseBody, body.pausesReading() {
            readHeldBack = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(with: failure(cause: String(describing: error)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(with: failure(cause: "The upstream closed the connection."))
        poolIdleClose?.cancel()
        poolIdleClose = nil
        pool.connectionClosed(UpstreamConnection(channel: context.channel, handler: self, origin: origin))
        context.fireChannelInactive()
    }

    // MARK: Exchanges

    private func send(_ exchange: UpstreamExchange, context: ChannelHandlerContext) {
        var body = context.channel.allocator.buffer(capacity: exchange.body.count)
        body.writeBytes(exchange.body)
        // A head NIO refuses to put on the wire (a header value with a line break) comes back as `errorCaught`,
        // which fails the exchange at once; the pooled-transport tests check that it does not wait for its head.
        context.write(wrapOutboundOut(.head(exchange.head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)

        lastRead = .now()
        headDeadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(exchange.responseHeadTimeout)) { [self] in
            guard self.exchange === exchange else { return }
            fail(with: SwitchyardError.upstreamHeadTimeout(cause: "No response head within \(exchange.responseHeadTimeout)."))
        }
        scheduleIdleCheck(after: TimeAmount(exchange.idleTimeout), for: exchange, context: context)
    }

    /// Fails the exchange once no byte has been read for `idle`; checks again later while reads come, or while
    /// the connection itself holds reading back for a slow reader (the upstream is not the one stalling then).
    private func scheduleIdleCheck(after idle: TimeAmount, for exchange: UpstreamExchange, context: ChannelHandlerContext) {
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: lastRead + idle) { [self] in
            guard self.exchange === exchange else { return }
            if readHeldBack {
                lastRead = .now()
            }
            if NIODeadline.now() - lastRead >= idle {
                fail(with: stallFailure(idle: idle))
            } else {
                scheduleIdleCheck(after: idle, for: exchange, context: context)
            }
        }
    }

    /// Fails the exchange in flight, if any, with `error`, and closes the connection.
    private func fail(with error: SwitchyardError) {
        let exchange = self.exchange
        switch stateMachine.failed() {
        case .failHead:
            endExchange()
            exchange?.failHead(error)
            exchange?.responseBody.finish(.failure(error))
        case .failBody:
            // A head that came with the failure still reaches its task, whose body then ends with the error.
            deliverPendingHead()
            endExchange()
            exchange?.responseBody.finish(.failure(error))
        case .close, .none, .sendRequest, .deliverHead, .deliverBodyPart, .finishBody:
            break
        }
        context?.close(promise: nil)
    }

    /// The error for a connection that failed with `cause`, as the exchange's progress makes it.
    private func failure(cause: String) -> SwitchyardError {
        if case .streamingBody = stateMachine.state {
            return .upstreamBroken(cause: cause)
        }
        return .upstreamUnreachable(cause: cause)
    }

    private func stallFailure(idle: TimeAmount) -> SwitchyardError {
        let cause = "Nothing read for \(idle)."
        if case .streamingBody = stateMachine.state {
            return .upstreamStalled(cause: cause)
        }
        return .upstreamHeadTimeout(cause: cause)
    }

    private func deliverPendingHead() {
        guard let head = pendingHead else { return }
        pendingHead = nil
        exchange?.deliverHead(head)
    }

    private func endExchange() {
        exchange = nil
        pendingHead = nil
        headDeadline?.cancel()
        headDeadline = nil
        idleCheck?.cancel()
        idleCheck = nil
        if readHeldBack {
            readHeldBack = false
            context?.read()
        }
    }

    private func becomeIdle(context: ChannelHandlerContext) {
        let connection = UpstreamConnection(channel: context.channel, handler: self, origin: origin)
        poolIdleClose = context.eventLoop.assumeIsolated().scheduleTask(in: poolIdleTimeout) { [pool] in
            if pool.retire(connection) {
                connection.channel.close(promise: nil)
            }
        }
        pool.release(connection)
    }
}
