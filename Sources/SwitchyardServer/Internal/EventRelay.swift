import Synchronization
import SwitchyardCore

/// A bounded hand-off of a streamed answer's events from the task that reads them to the task that writes them.
///
/// The writer takes what is waiting in one go — so a burst of events (an upstream that sent many in one packet)
/// becomes a few writes instead of one task switch and one write per event — and the reader runs at most
/// ``capacity`` events ahead of the writer before it waits. The first take holds at most ``eventsInFirstTake``
/// events, and once that many are waiting the reader yields, so that when the two share a thread the writer sends
/// them before the reader decodes further: without that, the start of the answer would wait for the whole
/// read-ahead to be decoded. Later takes hold everything waiting (a write per event of a burst cost a fifth of a
/// streamed call's CPU). A timer marks a heartbeat due without ever waiting. Closing the relay (the writer gave up,
/// or a task was cancelled) releases whichever side is waiting.
final class EventRelay: Sendable {
    /// What the writer takes in one go.
    struct Batch {
        /// Events in arrival order; empty when only a heartbeat or the end is due.
        var events: [StreamEvent] = []
        /// Whether the timer asked for a heartbeat since the last batch.
        var heartbeatDue = false
        /// How the stream ended, once every event before the end has been taken.
        var ending: DisconnectAwarePump.Ending?
    }

    private struct State {
        var batch = Batch()
        var isClosed = false
        /// Whether the writer has taken events yet.
        var hasTaken = false
        var reader: CheckedContinuation<Void, Never>?
        var writer: CheckedContinuation<Void, Never>?

        var hasBatch: Bool {
            !batch.events.isEmpty || batch.heartbeatDue || batch.ending != nil
        }
    }

    /// The most events waiting before the reader waits for the writer.
    let capacity: Int
    /// The most events the writer's first take holds.
    let eventsInFirstTake: Int
    private let state = Mutex(State())

    /// A relay that lets the reader run `capacity` events ahead, and gives the writer at most `eventsInFirstTake`
    /// in its first take.
    init(capacity: Int, eventsInFirstTake: Int = .max) {
        self.capacity = max(1, capacity)
        self.eventsInFirstTake = max(1, eventsInFirstTake)
    }

    /// Hands `event` to the writer; yields when it completes the first take, and waits while ``capacity`` events
    /// are already waiting. Once the relay is closed, drops `event` and returns at once.
    func send(_ event: StreamEvent) async {
        let (writer, waiting, completesFirstTake) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Int, Bool) in
            guard !state.isClosed else { return (nil, 0, false) }
            state.batch.events.append(event)
            defer { state.writer = nil }
            return (state.writer, state.batch.events.count, !state.hasTaken && state.batch.events.count == eventsInFirstTake)
        }
        writer?.resume()
        if completesFirstTake {
            await Task.yield()
        }
        guard waiting >= capacity else { return }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state in
                    guard !state.isClosed, state.batch.events.count >= capacity else { return true }
                    state.reader = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            close()
        }
    }

    /// Marks a heartbeat due, without waiting.
    func requestHeartbeat() {
        let writer = state.withLock { state in
            state.batch.heartbeatDue = true
            defer { state.writer = nil }
            return state.writer
        }
        writer?.resume()
    }

    /// Ends the stream: the writer gets `ending` after the events already sent.
    func finish(_ ending: DisconnectAwarePump.Ending) {
        let writer = state.withLock { state in
            if state.batch.ending == nil { state.batch.ending = ending }
            defer { state.writer = nil }
            return state.writer
        }
        writer?.resume()
    }

    /// What is waiting — the events (at most ``eventsInFirstTake`` the first time), a due heartbeat, the end once
    /// every event is taken — once there is something; the stream counts as failed with `CancellationError` if the
    /// relay is closed before it ended.
    func take() async -> Batch {
        while true {
            let (batch, reader) = state.withLock { state -> (Batch?, CheckedContinuation<Void, Never>?) in
                if !state.hasBatch, state.isClosed { state.batch.ending = .failed(CancellationError()) }
                guard state.hasBatch else { return (nil, nil) }
                defer { state.reader = nil }
                let limit = state.hasTaken ? Int.max : eventsInFirstTake
                if !state.batch.events.isEmpty { state.hasTaken = true }
                guard state.batch.events.count > limit else {
                    defer { state.batch = Batch() }
                    return (state.batch, state.reader)
                }
                let taken = Batch(events: Array(state.batch.events.prefix(limit)), heartbeatDue: state.batch.heartbeatDue)
                state.batch.events.removeFirst(limit)
                state.batch.heartbeatDue = false
                return (taken, state.reader)
            }
            reader?.resume()
            if let batch { return batch }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state in
                        guard !state.hasBatch, !state.isClosed else { return true }
                        state.writer = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                close()
            }
        }
    }

    /// Releases both sides for good: a waiting reader returns, and the writer's next ``take()`` ends the stream.
    func close() {
        let (reader, writer) = state.withLock { state in
            state.isClosed = true
            defer {
                state.reader = nil
                state.writer = nil
            }
            return (state.reader, state.writer)
        }
        reader?.resume()
        writer?.resume()
    }
}
