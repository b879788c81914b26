import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the work no caller waits for — the trace exporter, the stage spans and request-log entry of a call that
/// has been answered — on a thread of its own, so that this work neither takes a turn on the concurrency pool's
/// threads (two on a two-core machine, and every request runs on them) nor makes a request pay to wake it.
///
/// Handing work to a sleeping thread costs the handing thread a system call and the machine two context switches;
/// swift-otel's tracer hands over every span it starts and ends. Here, handing over a job or a closure costs a lock
/// and an append: while work keeps coming the thread wakes every ``pollInterval`` and runs everything queued, in
/// order; only after ``idleNapsBeforeSleep`` empty naps in a row does it sleep until the next hand-over wakes it.
/// Work waits at most one nap to start.
///
/// Use it as a `TaskExecutor` (`withTaskExecutorPreference`, ``BackgroundService``) for tasks that never hold a
/// resource a request waits for across a suspension: a task resumed here resumes up to one nap late.
public final class BackgroundExecutor: TaskExecutor, @unchecked Sendable {
    /// The process's background executor, whose thread starts on first use.
    public static let shared = BackgroundExecutor()

    /// How long the thread naps between two runs of its queue while work keeps coming.
    public let pollInterval: Duration
    /// How many empty naps in a row send the thread to sleep until the next hand-over.
    public let idleNapsBeforeSleep: Int

    private enum Work {
        case job(UnownedJob)
        case closure(@Sendable () -> Void)
    }

    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var queue: [Work] = []
    /// Guarded by `condition`: whether the thread waits to be signalled rather than napping.
    private var isAsleep = false

    /// Starts the executor's thread, named `name`. The thread runs for the life of the process: make one executor
    /// per process (``shared``) or a few, not one per request.
    public init(pollInterval: Duration = .milliseconds(2), idleNapsBeforeSleep: Int = 500, name: String = "switchyard-bg") {
        self.pollInterval = pollInterval
        self.idleNapsBeforeSleep = idleNapsBeforeSleep
        let thread = Thread { [self] in
            Self.nameCurrentThread(name)
            runQueue()
        }
        thread.start()
    }

    /// Queues a job of a task that prefers this executor.
    public func enqueue(_ job: consuming ExecutorJob) {
        hand(.job(UnownedJob(job)))
    }

    /// Queues `work` to run on the executor's thread, after everything queued before it.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        hand(.closure(work))
    }

    /// Returns once everything handed over before the call has run.
    public func drain() async {
        await withCheckedContinuation { continuation in
            execute { continuation.resume() }
        }
    }

    private func hand(_ work: Work) {
        condition.lock()
        queue.append(work)
        let wake = isAsleep
        isAsleep = false
        condition.unlock()
        if wake { condition.signal() }
    }

    /// Names the calling thread for `top -H`, `perf` and debuggers, with glibc's `pthread_setname_np`, found at run
    /// time because Swift's Glibc module does not export it. (Foundation's `Thread.name` names the thread only when
    /// set after `start()` has returned, a race with the thread itself.)
    private static func nameCurrentThread(_ name: String) {
        #if canImport(Glibc)
        typealias SetName = @convention(c) (pthread_t, UnsafePointer<CChar>) -> Int32
        // RTLD_DEFAULT: search every object the process has loaded.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_setname_np") else { return }
        _ = unsafeBitCast(symbol, to: SetName.self)(pthread_self(), name)
        #endif
    }

    private func runQueue() -> Never {
        let napSeconds = Double(pollInterval.components.seconds) + Double(pollInterval.components.attoseconds) / 1e18
        var emptyNaps = 0
        // Swapped with the queue under the lock, so neither array is copied or reallocated from one run to the next.
        var batch: [Work] = []
        while true {
            condition.lock()
            if queue.isEmpty {
                if emptyNaps >= idleNapsBeforeSleep {
                    isAsleep = true
                    while isAsleep { condition.wait() }
                    emptyNaps = 0
                } else {
                    _ = condition.wait(until: Date(timeIntervalSinceNow: napSeconds))
                }
            }
            swap(&queue, &batch)
            condition.unlock()
            emptyNaps = batch.isEmpty ? emptyNaps + 1 : 0
            for work in batch {
                switch work {
                case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
                case .closure(let closure): closure()
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
    }
}
