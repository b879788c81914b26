import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import SwitchyardEngine

@Suite("BackgroundExecutor", .timeLimit(.minutes(1)))
struct BackgroundExecutorTests {
    /// The thread a closure handed to `executor` runs on.
    static func thread(of executor: BackgroundExecutor) async -> pthread_t {
        await withCheckedContinuation { continuation in
            executor.execute { continuation.resume(returning: pthread_self()) }
        }
    }

    /// The thread the caller runs on.
    static func currentThread() -> pthread_t {
        pthread_self()
    }

    @Test func closuresRunOnItsOwnThreadInTheOrderTheyWereHandedOver() async {
        let executor = BackgroundExecutor(name: "bg-order")
        let seen = Mutex<[(index: Int, thread: pthread_t)]>([])
        for index in 0..<1_000 {
            executor.execute { seen.withLock { $0.append((index, pthread_self())) } }
        }
        let thread = await Self.thread(of: executor)
        #expect(pthread_equal(thread, Self.currentThread()) == 0)
        // Everything handed over before the probe has run before it, on the same thread.
        let ran = seen.withLock { $0 }
        #expect(ran.map(\.index) == Array(0..<1_000))
        #expect(ran.allSatisfy { pthread_equal($0.thread, thread) != 0 })
    }

    @Test func closuresHandedOverFromManyTasksAtOnceAllRun() async {
        let executor = BackgroundExecutor(name: "bg-many")
        final class Counter: Sendable {
            let value = Atomic<Int>(0)
        }
        let count = Counter()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<500 { executor.execute { count.value.add(1, ordering: .relaxed) } }
                }
            }
        }
        _ = await Self.thread(of: executor)
        #expect(count.value.load(ordering: .relaxed) == 4_000)
    }

    @Test func aHandOverWakesTheThreadOnceItHasGoneToSleep() async throws {
        let executor = BackgroundExecutor(pollInterval: .milliseconds(1), idleNapsBeforeSleep: 2, name: "bg-sleepy")
        let thread = await Self.thread(of: executor)
        // Two empty naps take about 2 ms; after 100 ms the thread sleeps until signalled (the suite's time limit
        // catches a hand-over that never wakes it).
        try await Task.sleep(for: .milliseconds(100))
        #expect(pthread_equal(await Self.thread(of: executor), thread) != 0)
    }

    @Test func aTaskPreferringTheExecutorRunsOnItsThreadAcrossSuspensions() async throws {
        let executor = BackgroundExecutor(name: "bg-tasks")
        let executorThread = await Self.thread(of: executor)
        let threads = await withTaskExecutorPreference(executor) {
            var threads = [Self.currentThread()]
            for _ in 0..<3 {
                try? await Task.sleep(for: .milliseconds(1))
                threads.append(Self.currentThread())
            }
            // Child tasks inherit the preference.
            async let child = Self.currentThread()
            threads.append(await child)
            return threads
        }
        #expect(threads.count == 5)
        #expect(threads.allSatisfy { pthread_equal($0, executorThread) != 0 })
    }

    @Test func aBackgroundServiceRunsTheServiceOnTheExecutorUntilGracefulShutdown() async throws {
        final class Recording: Service {
            let thread = Mutex<pthread_t?>(nil)
            func run() async throws {
                thread.withLock { $0 = BackgroundExecutorTests.currentThread() }
                try? await gracefulShutdown()
            }
        }
        let executor = BackgroundExecutor(name: "bg-service")
        let executorThread = await Self.thread(of: executor)
        let service = Recording()
        let group = ServiceGroup(
            services: [BackgroundService(service, on: executor)],
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        )
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while service.thread.withLock({ $0 }) == nil {
                try await Task.sleep(for: .milliseconds(5))
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        let serviceThread = try #require(service.thread.withLock { $0 })
        #expect(pthread_equal(serviceThread, executorThread) != 0)
    }
}
