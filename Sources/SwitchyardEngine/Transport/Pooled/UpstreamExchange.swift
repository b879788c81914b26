import NIOCore
import NIOHTTP1
import SwitchyardCore
import Synchronization

/// One request on a pooled connection: what to send, and the response as its task receives it — the head it waits
/// for, then the body it reads.
///
/// The connection's event loop delivers the head or fails the exchange; the task's cancellation fails it from the
/// other side. Whichever comes first wins, once.
final class UpstreamExchange: Sendable {
    /// The request's head, `Host` and `Content-Length` included.
    let head: HTTPRequestHead
    /// The request's body.
    let body: [UInt8]
    /// From sending the request to its response head.
    let responseHeadTimeout: Duration
    /// The longest silence while reading the response.
    let idleTimeout: Duration
    /// The response's body, filled by the connection once the head has been delivered.
    let responseBody: UpstreamBodyBuffer

    private enum HeadState {
        case waiting(CheckedContinuation<UpstreamHTTPResponse, any Error>)
        case notWaiting
        case settled
    }

    private let headState = Mutex(HeadState.notWaiting)

    init(
        head: HTTPRequestHead,
        body: [UInt8],
        responseHeadTimeout: Duration,
        idleTimeout: Duration,
        responseBody: UpstreamBodyBuffer
    ) {
        self.head = head
        self.body = body
        self.responseHeadTimeout = responseHeadTimeout
        self.idleTimeout = idleTimeout
        self.responseBody = responseBody
    }

    /// Whether the exchange has already been settled — answered, failed or cancelled.
    var isSettled: Bool {
        headState.withLock { state in
            if case .settled = state { return true }
            return false
        }
    }

    /// Calls `start` to hand the exchange to its connection, and waits for the response head.
    ///
    /// - Throws: the error the connection failed the exchange with, or `CancellationError` if the task is
    ///   cancelled first.
    func response(start: () -> Void) async throws -> UpstreamHTTPResponse {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let settled = headState.withLock { state -> Bool in
                    guard case .notWaiting = state else { return true }
                    state = .waiting(continuation)
                    return false
                }
                if settled {
                    continuation.resume(throwing: CancellationError())
                }
                // Even when cancelled already: the connection sees the exchange settled and goes back to its pool.
                start()
            }
        } onCancel: {
            if settle(with: .failure(CancellationError())) {
                responseBody.abandon()
            }
        }
    }

    /// Hands the head to the waiting task, with a body that reads ``responseBody``; does nothing if the exchange
    /// has been settled.
    func deliverHead(_ head: HTTPResponseHead) {
        let headers = head.headers.map { (name: $0.name.lowercased(), value: $0.value) }
        let reader = UpstreamBodyReader(responseBody)
        let response = UpstreamHTTPResponse(
            status: Int(head.status.code),
            headers: headers,
            body: UpstreamBody(unfolding: { try await reader.next() })
        )
        settle(with: .success(response))
    }

    /// Fails the waiting task with `error`; does nothing if the exchange has been settled.
    func failHead(_ error: any Error) {
        settle(with: .failure(error))
    }

    /// Settles the exchange with `result` unless it already was; says whether it did.
    @discardableResult
    private func settle(with result: Result<UpstreamHTTPResponse, any Error>) -> Bool {
        let waiter = headState.withLock { state -> CheckedContinuation<UpstreamHTTPResponse, any Error>?? in
            switch state {
            case .settled:
                return nil
            case .notWaiting:
                state = .settled
                return .some(nil)
            case .waiting(let continuation):
                state = .settled
                return .some(continuation)
            }
        }
        guard let waiter else { return false }
        waiter?.resume(with: result)
        return true
    }
}

/// The reader's hold on a response body: dropping the body before its end abandons the exchange.
private final class UpstreamBodyReader: Sendable {
    private let buffer: UpstreamBodyBuffer

    init(_ buffer: UpstreamBodyBuffer) {
        self.buffer = buffer
    }

    func next() async throws -> [UInt8]? {
        try await buffer.next()
    }

    deinit {
        buffer.abandon()
    }
}
