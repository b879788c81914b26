import Foundation
import Logging
import Synchronization
import SwitchyardCore
import SwitchyardEngine
import SwitchyardStorage
import Testing

@Suite("Metering stage: when the answer waits for the ledger", .timeLimit(.minutes(1)))
struct MeteringStageTests {
    let context = CallContext(requestID: "req_metered", principal: .anonymous, logger: Logger(label: "test"))
    let request = ChatRequest(model: "fast", messages: [.text(.user, "hello")])

    /// A whole answer, as the router hands it over.
    static let answer: [StreamEvent] = [
        .messageStart(MessageStart(id: "msg_1", model: "fast")),
        .blockStart(index: 0, block: .text),
        .blockDelta(index: 0, delta: .text("Hi")),
        .blockStop(index: 0),
        .messageDelta(MessageDelta(stopReason: .endTurn, usage: Usage(inputTokens: 7, outputTokens: 2))),
        .messageStop,
    ]

    /// What happened, in order: the store starting and finishing a commit, the consumer receiving `messageStop`.
    final class Timeline: Sendable {
        private let steps = Mutex<[String]>([])
        func note(_ step: String) { steps.withLock { $0.append(step) } }
        var noted: [String] { steps.withLock { $0 } }
    }

    /// A metering stage whose ledger commits note themselves on a timeline and then wait until the gate opens.
    struct GatedLedger {
        let store = InMemoryStore()
        let timeline = Timeline()
        let gate: AsyncStream<Void>.Continuation
        let writer: BatchWriter<LedgerEntry>
        let stage: MeteringStage

        init(durability: LedgerDurability) {
            let (opened, gate) = AsyncStream<Void>.makeStream()
            let (store, timeline) = (self.store, self.timeline)
            self.gate = gate
            writer = BatchWriter(name: "ledger", logger: BatchWriterTests.logger) { entries in
                timeline.note("commit started")
                for await _ in opened { break }
                try await store.append(entries)
                timeline.note("committed")
            }
            stage = MeteringStage(writer: writer, durability: durability, timeZone: .gmt)
        }
    }

    /// Runs the stage over ``answer`` and reads the stream to its end, noting `messageStop` when it arrives.
    func consume(through stage: MeteringStage, timeline: Timeline) async throws {
        let stream = try await stage.intercept(request, context: context) { _, _ in
            ChatEventStream { continuation in
                for event in Self.answer { continuation.yield(event) }
                continuation.finish()
            }
        }
        for try await event in stream where event == .messageStop {
            timeline.note("messageStop")
        }
    }

    @Test("committed: messageStop reaches the client only after the call's row is committed")
    func committedWaitsForTheCommit() async throws {
        let ledger = GatedLedger(durability: .committed)
        let timeline = ledger.timeline
        try await BatchWriterTests.running(ledger.writer) {
            async let consumed: Void = consume(through: ledger.stage, timeline: timeline)
            while !timeline.noted.contains("commit started") { await Task.yield() }
            #expect(!timeline.noted.contains("messageStop"), "the end of the answer waits while the commit is held")
            ledger.gate.yield()
            try await consumed
        }
        #expect(timeline.noted == ["commit started", "committed", "messageStop"])
        #expect(try await ledger.store.entry(requestID: "req_metered")?.usage == Usage(inputTokens: 7, outputTokens: 2))
    }

    @Test("queued: the whole answer reaches the client while the commit is held; the row lands afterwards")
    func queuedDoesNotWait() async throws {
        let ledger = GatedLedger(durability: .queued)
        let timeline = ledger.timeline
        try await BatchWriterTests.running(ledger.writer) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Only an answer that waits for the commit is still unread after this; it is then let through, so
                // that the test fails instead of hanging.
                group.addTask {
                    try await Task.sleep(for: .seconds(10))
                    timeline.note("gave up waiting")
                    ledger.gate.yield()
                }
                try await consume(through: ledger.stage, timeline: timeline)
                group.cancelAll()
            }
            #expect(timeline.noted.contains("messageStop"))
            #expect(!timeline.noted.contains("gave up waiting"))
            #expect(!timeline.noted.contains("committed"))
            ledger.gate.yield()
        }
        #expect(timeline.noted.last == "committed", "a graceful shutdown writes what was queued")
        #expect(try await ledger.store.entry(requestID: "req_metered")?.usage == Usage(inputTokens: 7, outputTokens: 2))
    }
}
