import NIOCore

extension UpstreamConnectionPool {
    /// The pool's book-keeping, per origin: how many connections are open, which are idle, and which tasks wait for
    /// one because the origin's limit is reached.
    ///
    /// Pure: events return what the pool must do. Idle connections are reused last-in first-out, so a quiet pool keeps
    /// its warmest connections and lets the rest reach their idle timeout. Waiters are served first-in first-out.
    struct StateMachine<Connection: Equatable> {
        private struct OriginState {
            var idle: [Connection] = []
            /// Connections open or being opened, idle ones included.
            var open = 0
            var waiters = CircularBuffer<Int>()
        }

        /// What a task that wants a connection does.
        enum Acquisition: Equatable {
            /// Use this idle connection.
            case use(Connection)
            /// Open a new connection; a place for it is reserved.
            case connect
            /// Wait, as the waiter with this id, until ``Handoff`` serves it.
            case wait(id: Int)
            /// The pool is shut down.
            case shutDown
        }

        /// What becomes of a connection's place when one is given back, closes, or fails to open.
        enum Handoff: Equatable {
            /// Nothing more to do.
            case none
            /// Hand this connection to the waiter.
            case give(Connection, toWaiter: Int)
            /// Let the waiter open a connection; its place is reserved.
            case letConnect(waiter: Int)
            /// Close this connection: the pool is shut down.
            case close(Connection)
        }

        /// Connections allowed per origin; tasks beyond them wait.
        let connectionsPerOrigin: Int
        private var origins: [UpstreamURL.Origin: OriginState] = [:]
        private var nextWaiterID = 0
        private(set) var isShutDown = false

        init(connectionsPerOrigin: Int) {
            precondition(connectionsPerOrigin > 0, "An origin needs room for at least one connection.")
            self.connectionsPerOrigin = connectionsPerOrigin
        }

        /// A task wants a connection to `origin`: the most recently used idle one for which `isPreferred` holds, or
        /// else the most recently used idle one. Idle connections for which `isUsable` is false are dropped from the
        /// pool on the way (their close will be reported by ``closed(_:to:)`` and find them gone).
        mutating func acquire(
            _ origin: UpstreamURL.Origin,
            isUsable: (Connection) -> Bool,
            isPreferred: (Connection) -> Bool = { _ in true }
        ) -> Acquisition {
            guard !isShutDown else { return .shutDown }
            var state = origins[origin, default: OriginState()]
            defer { origins[origin] = state }
            state.idle.removeAll { !isUsable($0) }
            if let preferred = state.idle.lastIndex(where: isPreferred) {
                return .use(state.idle.remove(at: preferred))
            }
            if let connection = state.idle.popLast() {
                return .use(connection)
            }
            if state.open < connectionsPerOrigin {
                state.open += 1
                return .connect
            }
            nextWaiterID += 1
            state.waiters.append(nextWaiterID)
            return .wait(id: nextWaiterID)
        }

        /// A waiting task gave up; says whether it was still waiting (if not, it has been served already).
        mutating func cancelWaiter(_ id: Int, for origin: UpstreamURL.Origin) -> Bool {
            guard let index = origins[origin]?.waiters.firstIndex(of: id) else { return false }
            origins[origin]?.waiters.remove(at: index)
            return true
        }

        /// A connection finished an exchange and can serve another.
        mutating func release(_ connection: Connection, to origin: UpstreamURL.Origin) -> Handoff {
            guard !isShutDown else { return .close(connection) }
            if let waiter = origins[origin]?.waiters.popFirst() {
                return .give(connection, toWaiter: waiter)
            }
            origins[origin, default: OriginState()].idle.append(connection)
            return .none
        }

        /// The idle timeout of `connection` ran out: says whether it is to be closed — whether it was idle in the pool
        /// rather than on its way to a task.
        mutating func retire(_ connection: Connection, from origin: UpstreamURL.Origin) -> Bool {
            guard let index = origins[origin]?.idle.firstIndex(of: connection) else { return false }
            origins[origin]?.idle.remove(at: index)
            return true
        }

        /// A connection closed, whatever it was doing; its place goes to the first waiter.
        mutating func closed(_ connection: Connection, to origin: UpstreamURL.Origin) -> Handoff {
            guard var state = origins[origin] else { return .none }
            defer { origins[origin] = state }
            if let index = state.idle.firstIndex(of: connection) {
                state.idle.remove(at: index)
            }
            return Self.freePlace(in: &state)
        }

        /// Opening a connection failed; its place goes to the first waiter.
        mutating func connectFailed(to origin: UpstreamURL.Origin) -> Handoff {
            guard var state = origins[origin] else { return .none }
            defer { origins[origin] = state }
            return Self.freePlace(in: &state)
        }

        /// Shuts the pool down: returns the idle connections to close and the waiters to fail.
        mutating func shutDown() -> (idle: [Connection], waiters: [Int]) {
            isShutDown = true
            defer { origins.removeAll() }
            return (origins.values.flatMap(\.idle), origins.values.flatMap { Array($0.waiters) })
        }

        private static func freePlace(in state: inout OriginState) -> Handoff {
            if let waiter = state.waiters.popFirst() {
                return .letConnect(waiter: waiter)
            }
            state.open = max(0, state.open - 1)
            return .none
        }
    }
}
