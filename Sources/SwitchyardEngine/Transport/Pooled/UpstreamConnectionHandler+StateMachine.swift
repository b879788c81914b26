extension UpstreamConnectionHandler {
    /// The life of a keep-alive connection: idle in its pool, then one exchange at a time, until it closes.
    ///
    /// Pure: each event returns what the handler must do. A response that arrives when no request is out, a second
    /// head, anything after the connection failed, are answered here, in one place.
    struct StateMachine {
        enum State: Equatable {
            /// In the pool, or handed to a task that has not started its exchange yet.
            case idle
            /// The request is written; its response head has not come.
            case awaitingHead
            /// The head was delivered; the body is arriving. `keepAlive`: the connection may serve another request
            /// after this body's end.
            case streamingBody(keepAlive: Bool)
            /// Closed, or closing: no more exchanges.
            case closed
        }

        enum Action: Equatable {
            /// Nothing to do.
            case none
            /// Write the request and start its timers.
            case sendRequest
            /// Hand the response head to the waiting task.
            case deliverHead
            /// Append the body part to the response body.
            case deliverBodyPart
            /// End the response body; then back to the pool when `reuse`, else close.
            case finishBody(reuse: Bool)
            /// Fail the waiting task, then close.
            case failHead
            /// Fail the response body's reader, then close.
            case failBody
            /// Close without failing anyone: the exchange was given up, or nothing was in flight.
            case close
        }

        private(set) var state: State = .idle

        /// A task starts an exchange on this connection.
        mutating func start() -> Action {
            switch state {
            case .idle:
                state = .awaitingHead
                return .sendRequest
            case .closed:
                // The connection closed between leaving the pool and the request's start.
                return .failHead
            case .awaitingHead, .streamingBody:
                preconditionFailure("An exchange was started on a busy connection; the pool hands a connection to one task at a time.")
            }
        }

        /// A response head arrived.
        mutating func receivedHead(keepAlive: Bool) -> Action {
            switch state {
            case .awaitingHead:
                state = .streamingBody(keepAlive: keepAlive)
                return .deliverHead
            case .idle:
                // An answer to nothing: the upstream is not speaking HTTP/1.1 as we are.
                state = .closed
                return .close
            case .streamingBody:
                state = .closed
                return .failBody
            case .closed:
                return .none
            }
        }

        /// A part of the response body arrived.
        mutating func receivedBodyPart() -> Action {
            guard case .streamingBody = state else { return .none }
            return .deliverBodyPart
        }

        /// The response ended.
        mutating func receivedEnd() -> Action {
            guard case .streamingBody(let keepAlive) = state else { return .none }
            state = keepAlive ? .idle : .closed
            return .finishBody(reuse: keepAlive)
        }

        /// The connection failed: an error, a timeout, or the upstream closed it.
        mutating func failed() -> Action {
            let action: Action = switch state {
            case .awaitingHead: .failHead
            case .streamingBody: .failBody
            case .idle: .close
            case .closed: .none
            }
            state = .closed
            return action
        }

        /// The task gave the exchange up: it was cancelled, or dropped the response body before its end.
        mutating func abandoned() -> Action {
            switch state {
            case .awaitingHead, .streamingBody:
                state = .closed
                return .close
            case .idle, .closed:
                return .none
            }
        }
    }
}
