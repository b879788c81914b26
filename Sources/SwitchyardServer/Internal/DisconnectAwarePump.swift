import AsyncAlgorithms
import SwitchyardCore

/// Feeds a streamed answer to the response writer, with a heartbeat while the upstream is silent.
///
/// The heartbeat (an SSE comment, which every client ignores) keeps idle proxies from cutting a long pause, and it
/// is how a departed client is noticed: a closed connection makes the next write fail, the pump's caller stops, and
/// leaving the task group cancels the reader — which cancels the upstream request — even when the upstream has
/// been silent all along.
///
/// A reader task pulls one event at a time and hands it over with no read-ahead (a rendezvous channel); a ticker
/// task offers a heartbeat every interval.
enum DisconnectAwarePump {
    /// How the answer ended.
    enum Ending {
        /// The upstream stream ended normally.
        case finished
        /// The upstream stream failed after it began (including an `error` event).
        case failed(any Error)
    }

    private enum Item: Sendable {
        case event(StreamEvent)
        case heartbeat
    }

    /// Calls `handle` with each event of `stream`, and `heartbeat` whenever `interval` passed with nothing handled.
    ///
    /// - Throws: only what `handle` or `heartbeat` throw (such as a write to a closed connection).
    static func pump(
        _ stream: ChatEventStream,
        heartbeatEvery interval: Duration,
        handle: (StreamEvent) async throws -> Void,
        heartbeat: () async throws -> Void
    ) async throws -> Ending {
        let handoff = AsyncThrowingChannel<Item, any Error>()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            group.addTask {
                do {
                    for try await event in stream {
                        if case .error(let failure) = event { throw failure }
                        await handoff.send(.event(event))
                    }
                    handoff.finish()
                } catch {
                    handoff.fail(error)
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: interval)
                    await handoff.send(.heartbeat)
                }
            }
            let clock = ContinuousClock()
            var lastWrite = clock.now
            var items = handoff.makeAsyncIterator()
            while true {
                let item: Item?
                do {
                    item = try await items.next()
                } catch {
                    return .failed(error)
                }
                switch item {
                case nil:
                    return .finished
                case .event(let event):
                    try await handle(event)
                    lastWrite = clock.now
                case .heartbeat:
                    guard clock.now - lastWrite >= interval else { continue }
                    try await heartbeat()
                    lastWrite = clock.now
                }
            }
        }
    }
}
