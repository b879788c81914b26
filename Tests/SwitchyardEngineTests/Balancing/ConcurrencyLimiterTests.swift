import Synchronization
import SwitchyardCore
import SwitchyardEngine
import Testing

extension BalancingTests {
    @Suite("Balancing: concurrency limiter", .timeLimit(.minutes(1)))
    struct ConcurrencyLimiterTests {
        /// A latch the test opens once to let a held permit go.
        struct Gate: Sendable {
            private let stream: AsyncStream<Void>
            private let continuation: AsyncStream<Void>.Continuation

            init() {
                (stream, continuation) = AsyncStream.makeStream()
            }

            func wait() async {
                for await _ in stream {}
            }

            func open() {
                continuation.finish()
            }
        }

        /// Calls running now and the most seen at once.
        final class Concurrency: Sendable {
            let running = Atomic<Int>(0)
            let peak = Atomic<Int>(0)

            func enter() {
                let now = running.wrappingAdd(1, ordering: .sequentiallyConsistent).newValue
                var seen = peak.load(ordering: .sequentiallyConsistent)
                while now > seen {
                    let (exchanged, original) = peak.compareExchange(expected: seen, desired: now, ordering: .sequentiallyConsistent)
                    if exchanged { break }
                    seen = original
                }
            }

            func leave() {
                running.wrappingSubtract(1, ordering: .sequentiallyConsistent)
            }
        }

        final class Log: Sendable {
            let entries = Mutex<[Int]>([])

            func append(_ entry: Int) {
                entries.withLock { $0.append(entry) }
            }
        }

        struct Boom: Error {}

        actor Owner {
            var calls = 0

            func call(through limiter: ConcurrencyLimiter) async throws {
                try await limiter.withPermit { calls += 1 }
            }
        }

        /// Polls `condition` for up to five seconds; the caller then asserts it.
        func eventually(_ condition: () -> Bool) async throws {
            for _ in 0..<5_000 where !condition() {
                try await Task.sleep(for: .milliseconds(1))
            }
        }

        /// Asserts that `error` is the limiter's retryable route-stage refusal.
        func expectRefusal(_ error: SwitchyardError?, mentioning text: String) {
            #expect(error?.code == .upstreamUnavailable)
            #expect(error?.stage == .route)
            #expect(error?.isRetryable == true)
            #expect(error?.message.contains(text) == true)
        }

        @Test("At most N bodies run at once, and every call completes")
        func atMostN() async throws {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 3, maximumQueued: 100)
            let concurrency = Concurrency()
            let log = Log()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        try await limiter.withPermit {
                            concurrency.enter()
                            defer { concurrency.leave() }
                            try await Task.sleep(for: .milliseconds(2))
                            log.append(index)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(concurrency.peak.load(ordering: .sequentiallyConsistent) == 3)
            #expect(log.entries.withLock { $0.sorted() } == Array(0..<50))
            #expect(limiter.inFlight == 0)
            #expect(limiter.queued == 0)
        }

        @Test("Waiters get permits in the order they queued")
        func fifo() async throws {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 1, maximumQueued: 10)
            let holder = Gate()
            let log = Log()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await limiter.withPermit { await holder.wait() } }
                try await eventually { limiter.inFlight == 1 }
                for index in 0..<6 {
                    group.addTask { try await limiter.withPermit { log.append(index) } }
                    try await eventually { limiter.queued == index + 1 }
                    #expect(limiter.queued == index + 1)
                }
                holder.open()
                try await group.waitForAll()
            }
            #expect(log.entries.withLock { $0 } == Array(0..<6))
            #expect(limiter.inFlight == 0)
        }

        @Test("A freed permit goes straight to the first waiter; a newcomer does not overtake it")
        func handoff() async throws {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 1, maximumQueued: 1)
            let holder = Gate()
            let waiter = Gate()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await limiter.withPermit { await holder.wait() } }
                try await eventually { limiter.inFlight == 1 }
                group.addTask { try await limiter.withPermit { await waiter.wait() } }
                try await eventually { limiter.queued == 1 }
                holder.open()
                try await eventually { limiter.queued == 0 }
                #expect(limiter.inFlight == 1)
                let error = await #expect(throws: SwitchyardError.self) {
                    try await limiter.withPermit(timeout: .milliseconds(20)) {}
                }
                expectRefusal(error, mentioning: "1")
                waiter.open()
                try await group.waitForAll()
            }
            #expect(limiter.inFlight == 0)
            #expect(limiter.queued == 0)
        }

        @Test("A full queue fails at once with a retryable route error naming the limit")
        func queueFull() async throws {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 2, maximumQueued: 1)
            let holder = Gate()
            let ran = Log()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask { try await limiter.withPermit { await holder.wait() } }
                }
                try await eventually { limiter.inFlight == 2 }
                group.addTask { try await limiter.withPermit { ran.append(1) } }
                try await eventually { limiter.queued == 1 }

                // The holders are still blocked, so only a fast failure can end this call.
                let error = await #expect(throws: SwitchyardError.self) {
                    try await limiter.withPermit { ran.append(2) }
                }
                expectRefusal(error, mentioning: "2 calls in flight and 1 waiting")
                #expect(limiter.queued == 1)
                holder.open()
                try await group.waitForAll()
            }
            #expect(ran.entries.withLock { $0 } == [1])
            #expect(limiter.inFlight == 0)
        }

        @Test("Without a queue, a call beyond the limit fails at once")
        func noQueue() async throws {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 1, maximumQueued: 0)
            let holder = Gate()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await limiter.withPermit { await holder.wait() } }
                try await eventually { limiter.inFlight == 1 }
                await #expect(throws: SwitchyardError.self) { try await limiter.withPermit {} }
                holder.open()
                try await group.waitForAll()
            }
            #expect(try await limiter.withPermit { limiter.inFlight } == 1)
        }

        @Test("A waiter that times out leaves the queue; the permit count stays right")
        func timeout() async throws {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 1, maximumQueued: 2)
            let holder = Gate()
            let log = Log()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await limiter.withPermit { await holder.wait() } }
                try await eventually { limiter.inFlight == 1 }
                group.addTask {
                    let error = await #expect(throws: SwitchyardError.self) {
                        try await limiter.withPermit(timeout: .milliseconds(20)) { log.append(0) }
                    }
                    expectRefusal(error, mentioning: "within")
                    log.append(-1)
                }
                try await eventually { limiter.queued == 1 }
                group.addTask { try await limiter.withPermit { log.append(1) } }
                try await eventually { log.entries.withLock { $0 } == [-1] }
                #expect(log.entries.withLock { $0 } == [-1])
                #expect(limiter.queued == 1)
                #expect(limiter.inFlight == 1)
                holder.open()
                try await group.waitForAll()
            }
            #expect(log.entries.withLock { $0 } == [-1, 1])
            #expect(limiter.inFlight == 0)
            #expect(limiter.queued == 0)
            #expect(try await limiter.withPermit(timeout: .milliseconds(20)) { limiter.inFlight } == 1)
        }

        @Test("A waiter that gets its permit in time runs despite its timeout")
        func permitBeforeTimeout() async throws {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 1, maximumQueued: 1)
            let holder = Gate()
            try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask { try await limiter.withPermit { await holder.wait(); return 0 } }
                try await eventually { limiter.inFlight == 1 }
                group.addTask { try await limiter.withPermit(timeout: .seconds(30)) { 1 } }
                try await eventually { limiter.queued == 1 }
                holder.open()
                var results: [Int] = []
                for try await result in group { results.append(result) }
                #expect(results.sorted() == [0, 1])
            }
            #expect(limiter.inFlight == 0)
        }

        @Test("A waiter cancelled in the queue leaves it with CancellationError")
        func cancelledWhileQueued() async throws {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 1, maximumQueued: 2)
            let holder = Gate()
            let log = Log()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await limiter.withPermit { await holder.wait() } }
                try await eventually { limiter.inFlight == 1 }
                let outcome = await withTaskGroup(of: (any Error)?.self) { waiter in
                    waiter.addTask {
                        do {
                            try await limiter.withPermit { log.append(0) }
                            return nil
                        } catch {
                            return error
                        }
                    }
                    try? await eventually { limiter.queued == 1 }
                    waiter.cancelAll()
                    return await waiter.next() ?? nil
                }
                #expect(outcome is CancellationError)
                #expect(limiter.queued == 0)
                #expect(limiter.inFlight == 1)
                group.addTask { try await limiter.withPermit { log.append(1) } }
                try await eventually { limiter.queued == 1 }
                holder.open()
                try await group.waitForAll()
            }
            #expect(log.entries.withLock { $0 } == [1])
            #expect(limiter.inFlight == 0)
            #expect(limiter.queued == 0)
        }

        @Test("A task cancelled before it would queue never waits", arguments: [nil, Duration.seconds(30)])
        func cancelledBeforeQueueing(timeout: Duration?) async throws {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 1, maximumQueued: 2)
            let holder = Gate()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await limiter.withPermit { await holder.wait() } }
                try await eventually { limiter.inFlight == 1 }
                let outcome = await withTaskGroup(of: (any Error)?.self) { waiter in
                    waiter.addTask {
                        try? await Task.sleep(for: .seconds(60))
                        do {
                            try await limiter.withPermit(timeout: timeout) {}
                            return nil
                        } catch {
                            return error
                        }
                    }
                    waiter.cancelAll()
                    return await waiter.next() ?? nil
                }
                #expect(outcome is CancellationError)
                #expect(limiter.queued == 0)
                #expect(limiter.inFlight == 1)
                holder.open()
                try await group.waitForAll()
            }
            #expect(limiter.inFlight == 0)
        }

        @Test("A permit returns when the body throws")
        func bodyThrows() async throws {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 1, maximumQueued: 0)
            for _ in 0..<3 {
                await #expect(throws: Boom.self) { try await limiter.withPermit { throw Boom() } }
                #expect(limiter.inFlight == 0)
            }
            #expect(try await limiter.withPermit { 7 } == 7)
        }

        @Test("Out-of-range limits are clamped to one running and none queued")
        func clamped() {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 0, maximumQueued: -3)
            #expect(limiter.maximumConcurrent == 1)
            #expect(limiter.maximumQueued == 0)
        }

        @Test("The body runs on the caller's actor")
        func callerIsolation() async throws {
            let owner = Owner()
            let limiter = ConcurrencyLimiter(maximumConcurrent: 1, maximumQueued: 1)
            try await owner.call(through: limiter)
            try await owner.call(through: limiter)
            #expect(await owner.calls == 2)
        }

        @Test("Under a storm of short timeouts the limit holds and every permit comes back")
        func storm() async throws {
            let limiter = ConcurrencyLimiter(maximumConcurrent: 4, maximumQueued: 16)
            let concurrency = Concurrency()
            let served = Log()
            let refused = Log()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        do {
                            try await limiter.withPermit(timeout: index % 3 == 0 ? .milliseconds(1) : nil) {
                                concurrency.enter()
                                defer { concurrency.leave() }
                                if index % 2 == 0 {
                                    try await Task.sleep(for: .microseconds(200))
                                } else {
                                    await Task.yield()
                                }
                            }
                            served.append(index)
                        } catch is SwitchyardError {
                            refused.append(index)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let servedCount = served.entries.withLock { $0.count }
            let refusedCount = refused.entries.withLock { $0.count }
            #expect(servedCount + refusedCount == 300)
            #expect(servedCount >= 4)
            #expect(concurrency.peak.load(ordering: .sequentiallyConsistent) <= 4)
            #expect(limiter.inFlight == 0)
            #expect(limiter.queued == 0)
        }
    }
}
