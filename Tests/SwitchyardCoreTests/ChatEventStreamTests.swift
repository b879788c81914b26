import Synchronization
import SwitchyardCore
import Testing

@Suite("ChatEventStream")
struct ChatEventStreamTests {
    /// A source of `events` that counts how often it is asked, then fails with `failure` (or ends) when they run out.
    final class Source: Sendable {
        private let state: Mutex<(remaining: [StreamEvent], calls: Int)>
        private let failure: SwitchyardError?

        init(_ events: [StreamEvent], failingWith failure: SwitchyardError? = nil) {
            state = Mutex((events, 0))
            self.failure = failure
        }

        var calls: Int { state.withLock { $0.calls } }

        func next() throws -> StreamEvent? {
            let event = state.withLock { state -> StreamEvent? in
                state.calls += 1
                return state.remaining.isEmpty ? nil : state.remaining.removeFirst()
            }
            if event == nil, let failure { throw failure }
            return event
        }
    }

    @Test("An unfolding stream gives its source's events in order, and asks it nothing more once it has ended")
    func unfoldingEnds() async throws {
        let source = Source([.blockStop(index: 0), .messageStop])
        var iterator = ChatEventStream(unfolding: { try source.next() }).makeAsyncIterator()
        #expect(try await iterator.next() == .blockStop(index: 0))
        #expect(try await iterator.next() == .messageStop)
        #expect(try await iterator.next() == nil)
        #expect(try await iterator.next() == nil)
        #expect(source.calls == 3)
    }

    @Test("A failure reaches the consumer once; the stream is over after it")
    func unfoldingFails() async throws {
        let source = Source([.messageStop], failingWith: SwitchyardError(code: .upstreamUnavailable, message: "gone", stage: .provider))
        var iterator = ChatEventStream(unfolding: { try source.next() }).makeAsyncIterator()
        #expect(try await iterator.next() == .messageStop)
        await #expect(throws: SwitchyardError.self) { try await iterator.next() }
        #expect(try await iterator.next() == nil)
        #expect(source.calls == 2)
    }

    @Test("A built stream keeps what was yielded until it is pulled, then its end or failure")
    func built() async throws {
        let events = ChatEventStream { continuation in
            continuation.yield(.blockStop(index: 0))
            continuation.yield(.messageStop)
            continuation.finish(throwing: SwitchyardError(code: .upstreamProtocolError, message: "cut", stage: .provider))
        }
        var received: [StreamEvent] = []
        do {
            for try await event in events { received.append(event) }
            Issue.record("The stream must end with its failure")
        } catch let error as SwitchyardError {
            #expect(error.code == .upstreamProtocolError)
        }
        #expect(received == [.blockStop(index: 0), .messageStop])
    }
}
