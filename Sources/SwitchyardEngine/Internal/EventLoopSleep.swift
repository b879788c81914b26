import NIOCore
import NIOPosix

/// A sleep timed by an event loop — the calling thread's, or one of the process's shared loops — that takes its
/// timer back when it is cancelled.
///
/// `Task.sleep` cannot: a cancelled sleep resumes at once, but its timer stays in the dispatch queue until the
/// deadline, holding the sleep's memory, and wakes a thread when it expires. A time limit that almost never runs out
/// — a deployment's `first_token` timeout, on every call — would leave one behind per call: with `first_token: 15s`
/// at 3,500 calls a second, 40 MB of them and a seventh of the throughput (docs/performance.md). An event loop's
/// scheduled task is taken off the loop's queue when it is cancelled.
enum EventLoopSleep {
    /// Suspends for `duration`.
    ///
    /// - Throws: `CancellationError` as soon as the task is cancelled.
    static func sleep(for duration: Duration) async throws {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
        let timer = loop.scheduleTask(in: TimeAmount(duration)) {}
        do {
            try await withTaskCancellationHandler {
                try await timer.futureResult.get()
            } onCancel: {
                timer.cancel()
            }
        } catch EventLoopError.cancelled {
            throw CancellationError()
        }
    }
}
