@testable import SwitchyardEngine
import SwitchyardCore
import Synchronization
import Testing

@Suite("Pooled transport: a response body between event loop and reader")
struct UpstreamBodyBufferTests {
    /// Counts the buffer's calls to the connection.
    final class Calls: Sendable {
        let demands = Atomic(0)
        let abandons = Atomic(0)
        let readerWoken = Atomic(false)

        func buffer() -> UpstreamBodyBuffer {
            UpstreamBodyBuffer(
                onDemand: { _ in self.demands.add(1, ordering: .relaxed) },
                onAbandon: { _ in self.abandons.add(1, ordering: .relaxed) }
            )
        }
    }

    @Test("What arrived before the reader is read in order, then the end")
    func buffered() async throws {
        let calls = Calls()
        let buffer = calls.buffer()
        buffer.append([1])
        buffer.append([2, 3])
        buffer.finish(.success(()))
        #expect(try await buffer.next() == [1])
        #expect(try await buffer.next() == [2, 3])
        #expect(try await buffer.next() == nil)
        buffer.abandon()
        #expect(calls.abandons.load(ordering: .relaxed) == 0)
    }

    @Test("A waiting reader is woken once a socket read's chunks are in; a failure comes after the chunks before it")
    func waitingReader() async throws {
        let calls = Calls()
        let buffer = calls.buffer()
        let first = Task {
            let chunk = try await buffer.next()
            calls.readerWoken.store(true, ordering: .relaxed)
            return chunk
        }
        try await Task.sleep(for: .milliseconds(50))
        buffer.append([7])
        buffer.append([9])
        try await Task.sleep(for: .milliseconds(50))
        let wokenEarly = calls.readerWoken.load(ordering: .relaxed)
        #expect(!wokenEarly)
        buffer.deliver()
        #expect(try await first.value == [7])
        #expect(try await buffer.next() == [9])
        buffer.append([8])
        buffer.finish(.failure(SwitchyardError.upstreamBroken(cause: "test")))
        #expect(try await buffer.next() == [8])
        await #expect(throws: SwitchyardError.self) { try await buffer.next() }
    }

    @Test("Reading pauses past the high watermark and is asked for again once the reader is below the low one")
    func backpressure() async throws {
        let calls = Calls()
        let buffer = calls.buffer()
        let chunk = [UInt8](repeating: 0, count: 32 * 1024)
        var appended = 0
        while appended <= UpstreamBodyBuffer.highWatermark {
            #expect(!buffer.pausesReading())
            buffer.append(chunk)
            appended += chunk.count
        }
        #expect(buffer.pausesReading())
        var read = 0
        while appended - read >= UpstreamBodyBuffer.lowWatermark {
            #expect(calls.demands.load(ordering: .relaxed) == 0)
            read += try await buffer.next()?.count ?? 0
        }
        #expect(calls.demands.load(ordering: .relaxed) == 1)
        _ = try await buffer.next()
        #expect(calls.demands.load(ordering: .relaxed) == 1)
    }

    @Test("A reader cancelled while waiting gets CancellationError and gives the exchange up, once")
    func cancelled() async throws {
        let calls = Calls()
        let buffer = calls.buffer()
        let reader = Task { try await buffer.next() }
        try await Task.sleep(for: .milliseconds(50))
        reader.cancel()
        await #expect(throws: CancellationError.self) { try await reader.value }
        #expect(calls.abandons.load(ordering: .relaxed) == 1)
        buffer.abandon()
        buffer.append([1])
        #expect(calls.abandons.load(ordering: .relaxed) == 1)
        await #expect(throws: CancellationError.self) { try await buffer.next() }
    }
}
