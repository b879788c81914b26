import Testing

@testable import SwitchyardEngine

@Suite("Sleeping on an event loop's timer")
struct EventLoopSleepTests {
    @Test("A sleep lasts at least its duration")
    func lastsItsDuration() async throws {
        let clock = ContinuousClock()
        let started = clock.now
        try await EventLoopSleep.sleep(for: .milliseconds(20))
        #expect(clock.now - started >= .milliseconds(20))
    }

    @Test("A cancelled sleep ends at once with CancellationError, not at its deadline")
    func cancelledSleepEndsAtOnce() async throws {
        let sleeper = Task { try await EventLoopSleep.sleep(for: .seconds(600)) }
        try await Task.sleep(for: .milliseconds(10))
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }

    @Test("A sleep in a task already cancelled ends at once with CancellationError")
    func alreadyCancelled() async throws {
        let sleeper = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await EventLoopSleep.sleep(for: .seconds(600))
        }
        await #expect(throws: CancellationError.self) { try await sleeper.value }
    }
}
