import HummingbirdCore
import Logging
import NIOCore
import Synchronization

/// Runs a connection task's jobs on the event loop that owns the connection's socket while that loop has little
/// queued, and on the concurrency pool when it is busy.
///
/// On the loop, a request's life — reading it, the pipeline, the upstream call's client side, writing the answer —
/// needs no hand-off between the loop and the pool at each await. But a NIO event loop runs every task queued before
/// it polls its sockets again, so with every connection's work queued on it, its turns grow with the connections it
/// serves and the slowest calls wait for whole turns. So a job goes to the loop only while fewer than
/// ``EventLoopBacklog/limit`` jobs of its connections are waiting there; past that, it runs on the pool, as it would
/// with no preference at all.
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop
    private let backlog: EventLoopBacklog

    init(_ eventLoop: any EventLoop, backlog: EventLoopBacklog) {
        self.eventLoop = eventLoop
        self.backlog = backlog
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        guard backlog.admit() else {
            globalConcurrentExecutor.enqueue(job)
            return
        }
        eventLoop.execute {
            self.backlog.finished()
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}

/// How many connection jobs wait on one event loop.
final class EventLoopBacklog: Sendable {
    /// The most jobs waiting on a loop before further jobs run on the concurrency pool.
    static let limit = 4

    private let waiting = Atomic<Int>(0)

    /// Counts one more job waiting, unless ``limit`` are already.
    func admit() -> Bool {
        var current = waiting.load(ordering: .relaxed)
        while current < Self.limit {
            let (exchanged, original) = waiting.compareExchange(expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    /// Counts a waiting job as started.
    func finished() {
        waiting.subtract(1, ordering: .relaxed)
    }
}

/// A server child channel whose connections prefer their own event loop (see ``EventLoopTaskExecutor``).
struct EventLoopPreferringChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    /// One backlog per event loop, shared by its connections.
    let backlogs: [ObjectIdentifier: EventLoopBacklog]

    init(base: Base, eventLoops: any EventLoopGroup) {
        self.base = base
        var backlogs: [ObjectIdentifier: EventLoopBacklog] = [:]
        for eventLoop in eventLoops.makeIterator() {
            backlogs[ObjectIdentifier(eventLoop)] = EventLoopBacklog()
        }
        self.backlogs = backlogs
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        base.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        let eventLoop = value.channel.eventLoop
        guard let backlog = backlogs[ObjectIdentifier(eventLoop)] else {
            await base.handle(value: value, logger: logger)
            return
        }
        await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop, backlog: backlog)) {
            await base.handle(value: value, logger: logger)
        }
    }
}
