import Dispatch
import NIOCore
import NIOPosix
import Synchronization
import Testing

@testable import SwitchyardServer

@Suite("A connection's jobs on its event loop", .timeLimit(.minutes(1)))
struct EventLoopTaskExecutorTests {
    @Test("A job runs on the connection's event loop while the loop is quiet")
    func quietLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let eventLoop = group.next()
        let executor = EventLoopTaskExecutor(eventLoop, backlog: EventLoopBacklog())
        let onLoop = await withTaskExecutorPreference(executor) { eventLoop.inEventLoop }
        #expect(onLoop)
        try await group.shutdownGracefully()
    }

    @Test("Once the loop has a full backlog, further jobs run on the concurrency pool without waiting for it")
    func busyLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let eventLoop = group.next()
        let executor = EventLoopTaskExecutor(eventLoop, backlog: EventLoopBacklog())

        // Hold the loop, so that jobs handed to it wait.
        let loopHeld = DispatchSemaphore(value: 0)
        let releaseLoop = DispatchSemaphore(value: 0)
        eventLoop.execute {
            loopHeld.signal()
            releaseLoop.wait()
        }
        loopHeld.wait()

        let queued = (0..<EventLoopBacklog.limit).map { _ in
            Task(executorPreference: executor) { eventLoop.inEventLoop }
        }
        let overflow = Task(executorPreference: executor) { eventLoop.inEventLoop }
        // The loop is still held: the overflow can only finish now if its job went to the pool. (Should it wait for
        // the loop, the loop is let go after 10 s, so that the test fails instead of hanging.)
        let finishedWhileLoopHeld = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                _ = await overflow.value
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(10))
                return false
            }
            let first = await group.next() ?? false
            releaseLoop.signal()
            group.cancelAll()
            return first
        }
        #expect(finishedWhileLoopHeld, "a job past the backlog limit does not wait for the loop")
        #expect(await !overflow.value, "a job past the backlog limit runs off the loop")
        for task in queued {
            #expect(await task.value, "jobs within the backlog limit run on the loop")
        }
        try await group.shutdownGracefully()
    }
}
