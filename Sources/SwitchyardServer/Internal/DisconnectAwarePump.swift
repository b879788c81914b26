import NIOCore
import SwitchyardCore

/// Feeds a streamed answer to the response writer, with a heartbeat while the upstream is silent.
///
/// The heartbeat (an SSE comment, which every client ignores) keeps idle proxies from cutting a long pause, and it
/// is how a departed client is noticed: a closed connection makes the next write fail, the pump's caller stops, and
/// leaving the task group cancels the reader — which cancels the upstream request — even when the upstream has
/// been silent all along.
///
/// A reader task pulls events and hands them over through an ``EventRelay`` that lets it run a few events ahead;
/// the writer takes whatever has arrived in one go, so a burst of events is one write. A timer on the connection's
/// event loop marks a heartbeat due every interval — not a task sleeping between ticks: a cancelled `Task.sleep`
/// leaves its timer in the dispatch queue until the deadline, so every stream would leave one behind for the
/// interval, and wake a thread when it expired.
enum DisconnectAwarePump {
    /// How the answer ended.
    enum Ending {
        /// The upstream stream ended normally.
        case finished
        /// The upstream stream failed after it began (including an `error` event).
        case failed(any Error)
    }

    /// How many events the reader may read ahead of the writer.
    static let readAhead = 64

    /// The most events encoded into the first write: few enough that the first content is not held back while a long
    /// burst behind it is decoded and encoded (later writes take everything waiting).
    static let eventsInFirstWrite = 8

    /// Calls `handle` with the events of `stream` — in order, as many at a time as arrived since the last call —
    /// and `heartbeat` whenever `interval` passed with nothing handled, timed on `eventLoop`.
    ///
    /// - Throws: only what `handle` or `heartbeat` throw (such as a write to a closed connection).
    @inline(never)
    static func pump(
        _ stream: ChatEventStream,
        heartbeatEvery interval: Duration,
        on eventLoop: any EventLoop,
        handle: ([StreamEvent]) async throws -> Void,
        heartbeat: () async throws -> Void
    ) async throws -> Ending {
        let relay = EventRelay(capacity: readAhead, eventsInFirstTake: eventsInFirstWrite)
        let ticker = eventLoop.scheduleRepeatedTask(initialDelay: TimeAmount(interval), delay: TimeAmount(interval)) { _ in
            relay.requestHeartbeat()
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            defer {
                ticker.cancel()
                relay.close()
                group.cancelAll()
            }
            group.addTask {
                do {
                    for try await event in stream {
                        if case .error(let failure) = event { throw failure }
                        await relay.send(event)
                    }
                    relay.finish(.finished)
                } catch {
                    relay.finish(.failed(error))
                }
            }
            let clock = ContinuousClock()
            var lastWrite = clock.now
            while true {
                let batch = await relay.take()
                if !batch.events.isEmpty {
                    try await handle(batch.events)
                    lastWrite = clock.now
                }
                if let ending = batch.ending {
                    return ending
                }
                if batch.heartbeatDue, clock.now - lastWrite >= interval {
                    try await heartbeat()
                    lastWrite = clock.now
                }
            }
        }
    }
}
