import SwitchyardCore

extension ChatEventStream {
    /// The same stream, calling `observer` with each event as the consumer pulls it, and with `nil` once the
    /// stream ends (normally, by error, or when the consumer stops early).
    ///
    /// For stages that must see an answer without holding it up: metering, tracing.
    public func observing(_ observer: @escaping @Sendable (StreamEvent?) -> Void) -> ChatEventStream {
        let tap = EventTap(self.makeAsyncIterator(), observer: observer)
        return ChatEventStream(unfolding: { try await tap.next() })
    }
}

/// Holds the upstream iterator of an observed stream.
///
/// `@unchecked Sendable`: a `ChatEventStream(unfolding:)` never calls its closure concurrently, so the
/// iterator is only ever touched by one task at a time.
private final class EventTap: @unchecked Sendable {
    private var iterator: ChatEventStream.AsyncIterator
    private let observer: @Sendable (StreamEvent?) -> Void
    private var ended = false

    init(_ iterator: ChatEventStream.AsyncIterator, observer: @escaping @Sendable (StreamEvent?) -> Void) {
        self.iterator = iterator
        self.observer = observer
    }

    func next() async throws -> StreamEvent? {
        do {
            let event = try await iterator.next()
            if event == nil { end() } else { observer(event) }
            return event
        } catch {
            end()
            throw error
        }
    }

    private func end() {
        guard !ended else { return }
        ended = true
        observer(nil)
    }

    deinit {
        end()
    }
}
