import Logging
import SQLiteKit
import Synchronization

/// A fixed set of open SQLite connections, each leased to one task at a time.
///
/// Exclusive leases make transactions safe (no other task's statement can land inside one) and keep SQLite's
/// per-connection error state meaningful. Tasks that find every connection busy wait in arrival order; a waiting
/// task that is cancelled stops waiting with `CancellationError`. Connections are opened by the caller and closed
/// by ``close()``: idle ones at once, leased ones when their lease ends.
final class SQLiteConnectionPool: Sendable {
    /// A lease was requested after ``close()``.
    struct ClosedError: Error, CustomStringConvertible {
        var description: String { "the SQLite store is closed" }
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<SQLiteConnection, any Error>
    }

    private struct State {
        var idle: [SQLiteConnection]
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var isClosed = false
    }

    private enum Admission {
        case leased(SQLiteConnection)
        case closed
        case wait(id: UInt64)
    }

    private enum Enqueueing {
        case enqueued
        case failed(any Error)
        case leased(SQLiteConnection)
    }

    private let state: Mutex<State>
    private let logger: Logger

    /// Creates a pool over connections that are already open and configured; the pool now owns them.
    init(connections: [SQLiteConnection], logger: Logger) {
        precondition(!connections.isEmpty, "A connection pool needs at least one connection.")
        state = Mutex(State(idle: connections))
        self.logger = logger
    }

    /// Runs `body` with a connection that no other task uses until `body` returns.
    func withConnection<Result>(_ body: (SQLiteConnection) async throws -> Result) async throws -> Result {
        let connection = try await lease()
        let result: Result
        do {
            result = try await body(connection)
        } catch {
            await release(connection)
            throw error
        }
        await release(connection)
        return result
    }

    /// Stops leasing: fails every waiting task, closes idle connections now and leased ones when returned.
    func close() async {
        let (idle, waiters) = state.withLock { state in
            state.isClosed = true
            defer {
                state.idle = []
                state.waiters = []
            }
            return (state.idle, state.waiters)
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: ClosedError())
        }
        for connection in idle {
            await closeConnection(connection)
        }
    }

    private func lease() async throws -> SQLiteConnection {
        let admission = state.withLock { state -> Admission in
            if state.isClosed { return .closed }
            if let connection = state.idle.popLast() { return .leased(connection) }
            defer { state.nextWaiterID += 1 }
            return .wait(id: state.nextWaiterID)
        }
        switch admission {
        case .leased(let connection):
            return connection
        case .closed:
            throw ClosedError()
        case .wait(let id):
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    let enqueueing = state.withLock { state -> Enqueueing in
                        // Checked under the lock that the cancellation handler also takes, so a cancellation is
                        // either seen here or finds this waiter in the queue.
                        if state.isClosed { return .failed(ClosedError()) }
                        if Task.isCancelled { return .failed(CancellationError()) }
                        if let connection = state.idle.popLast() { return .leased(connection) }
                        state.waiters.append(Waiter(id: id, continuation: continuation))
                        return .enqueued
                    }
                    switch enqueueing {
                    case .enqueued: break
                    case .failed(let error): continuation.resume(throwing: error)
                    case .leased(let connection): continuation.resume(returning: connection)
                    }
                }
            } onCancel: {
                let waiter = state.withLock { state -> Waiter? in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                    return state.waiters.remove(at: index)
                }
                waiter?.continuation.resume(throwing: CancellationError())
            }
        }
    }

    private func release(_ connection: SQLiteConnection) async {
        let (waiter, isClosed) = state.withLock { state -> (Waiter?, Bool) in
            if state.isClosed { return (nil, true) }
            if state.waiters.isEmpty {
                state.idle.append(connection)
                return (nil, false)
            }
            return (state.waiters.removeFirst(), false)
        }
        if let waiter {
            waiter.continuation.resume(returning: connection)
        } else if isClosed {
            await closeConnection(connection)
        }
    }

    private func closeConnection(_ connection: SQLiteConnection) async {
        do {
            try await connection.close()
        } catch {
            logger.warning("Closing an SQLite connection failed", metadata: ["error": "\(String(describing: error))"])
        }
    }
}
