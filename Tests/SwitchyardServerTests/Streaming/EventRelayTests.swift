import Dispatch
import Synchronization
import SwitchyardCore
import Testing

@testable import SwitchyardServer

@Suite("EventRelay", .timeLimit(.minutes(1)))
struct EventRelayTests {
    private func events(_ range: Range<Int>) -> [StreamEvent] {
        range.map { .blockStop(index: $0) }
    }

    /// Whether `ending` is the stream's normal end.
    private func isFinished(_ ending: DisconnectAwarePump.Ending?) -> Bool {
        if case .finished? = ending { true } else { false }
    }

    @Test func eventsSentBeforeATakeArriveTogetherInOrderWithTheEnding() async {
        let relay = EventRelay(capacity: 8)
        for event in events(0..<3) {
            await relay.send(event)
        }
        relay.finish(.finished)
        let batch = await relay.take()
        #expect(batch.events == events(0..<3))
        #expect(isFinished(batch.ending), "the ending comes with the last events")
    }

    @Test func theReaderNeverRunsMoreThanCapacityEventsAhead() async {
        let relay = EventRelay(capacity: 2)
        let reader = Task {
            for event in events(0..<9) {
                await relay.send(event)
            }
            relay.finish(.finished)
        }
        var received: [StreamEvent] = []
        while true {
            let batch = await relay.take()
            #expect(batch.events.count <= 2)
            received += batch.events
            if batch.ending != nil { break }
        }
        await reader.value
        #expect(received == events(0..<9))
    }

    @Test func theFirstTakeIsLimitedAndLaterTakesHoldEverythingWaitingWithTheEnding() async {
        let relay = EventRelay(capacity: 16, eventsInFirstTake: 2)
        for event in events(0..<5) {
            await relay.send(event)
        }
        relay.requestHeartbeat()
        let first = await relay.take()
        #expect(first.events == events(0..<2))
        #expect(first.heartbeatDue)
        #expect(first.ending == nil)
        for event in events(5..<9) {
            await relay.send(event)
        }
        relay.finish(.finished)
        let rest = await relay.take()
        #expect(rest.events == events(2..<9))
        #expect(!rest.heartbeatDue)
        #expect(isFinished(rest.ending), "the ending comes with the last events")
    }

    @Test func aHeartbeatBeforeAnyEventLeavesTheFirstTakeLimited() async {
        let relay = EventRelay(capacity: 16, eventsInFirstTake: 2)
        relay.requestHeartbeat()
        #expect(await relay.take().events.isEmpty)
        for event in events(0..<4) {
            await relay.send(event)
        }
        #expect(await relay.take().events == events(0..<2))
        #expect(await relay.take().events == events(2..<4))
    }

    @Test func onAnExecutorItSharesTheWriterGetsTheFirstTakeBeforeTheReaderRunsFurther() async {
        let relay = EventRelay(capacity: 64, eventsInFirstTake: 8)
        let sentBeforeFirstTake = await withTaskExecutorPreference(SerialQueueExecutor()) {
            await withTaskGroup(of: Void.self) { group in
                let sent = Mutex(0)
                group.addTask {
                    for event in events(0..<64) {
                        await relay.send(event)
                        sent.withLock { $0 += 1 }
                    }
                    relay.finish(.finished)
                }
                let first = await relay.take()
                let sentBeforeFirstTake = sent.withLock { $0 }
                #expect(first.events == events(0..<8))
                while await relay.take().ending == nil {}
                return sentBeforeFirstTake
            }
        }
        // Without the yield the reader, which never waits for its source here, fills the whole read-ahead first.
        #expect(sentBeforeFirstTake < 16)
    }

    @Test func aHeartbeatIsTakenOnItsOwn() async {
        let relay = EventRelay(capacity: 4)
        relay.requestHeartbeat()
        let batch = await relay.take()
        #expect(batch.heartbeatDue)
        #expect(batch.events.isEmpty)
        #expect(batch.ending == nil)
    }

    @Test func closingReleasesAWaitingReaderAndEndsTheStreamAsFailed() async {
        let relay = EventRelay(capacity: 1)
        // A full relay makes the reader wait for a take that never comes; closing must release it (or, if the
        // close comes first, make its sends return at once).
        let reader = Task {
            for event in events(0..<3) {
                await relay.send(event)
            }
        }
        relay.close()
        await reader.value
        var ending: DisconnectAwarePump.Ending?
        while ending == nil {
            ending = await relay.take().ending
        }
        guard case .failed(let error) = ending else {
            Issue.record("expected a failed ending after close, got \(String(describing: ending))")
            return
        }
        #expect(error is CancellationError)
    }

    @Test func cancellingAWaitingWriterEndsTheStream() async {
        let relay = EventRelay(capacity: 4)
        let writer = Task { await relay.take() }
        writer.cancel()
        let batch = await writer.value
        guard case .failed = batch.ending else {
            Issue.record("expected a failed ending after cancellation, got \(String(describing: batch.ending))")
            return
        }
    }
}

/// Runs jobs one at a time, in order, on a serial queue: the shape of an event loop that reader and writer share.
private final class SerialQueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "EventRelayTests.serial")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
