import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import SwitchyardServer

@Suite("MemoryTrimmer", .timeLimit(.minutes(1)))
struct MemoryTrimmerTests {
    @Test func trimsEveryIntervalUntilGracefulShutdown() async throws {
        let trims = Atomic<Int>(0)
        let trimmer = MemoryTrimmer(interval: .milliseconds(10)) { trims.add(1, ordering: .relaxed) }
        let group = ServiceGroup(services: [trimmer], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while trims.load(ordering: .relaxed) < 3 {
                try await Task.sleep(for: .milliseconds(10))
            }
            await group.triggerGracefulShutdown()
            // The group returns only once the trimmer has stopped.
            try await tasks.waitForAll()
        }
        let afterShutdown = trims.load(ordering: .relaxed)
        try await Task.sleep(for: .milliseconds(50))
        #expect(trims.load(ordering: .relaxed) == afterShutdown)
    }

    @Test func glibcsTrimIsFoundAndCalled() {
        // Swift's Glibc module does not export malloc_trim: it is looked up at run time, and must be there on the
        // Linux builds Switchyard ships for.
        #expect(MemoryTrimmer.releaseFreeMemory())
    }
}
