@testable import SwitchyardEngine
import Testing

@Suite("Pooled transport: a connection's exchanges")
struct UpstreamConnectionStateMachineTests {
    typealias Machine = UpstreamConnectionHandler.StateMachine

    @Test("A keep-alive exchange: request, head, body, end, and the connection is idle again")
    func keepAlive() {
        var machine = Machine()
        #expect(machine.start() == .sendRequest)
        #expect(machine.receivedBodyPart() == .none)
        #expect(machine.receivedHead(keepAlive: true) == .deliverHead)
        #expect(machine.receivedBodyPart() == .deliverBodyPart)
        #expect(machine.receivedEnd() == .finishBody(reuse: true))
        #expect(machine.state == .idle)
        #expect(machine.start() == .sendRequest)
    }

    @Test("An upstream that says close ends the connection with the body")
    func close() {
        var machine = Machine()
        _ = machine.start()
        _ = machine.receivedHead(keepAlive: false)
        #expect(machine.receivedEnd() == .finishBody(reuse: false))
        #expect(machine.state == .closed)
        #expect(machine.start() == .failHead)
    }

    @Test("A failure fails whoever waits: the head's task, or the body's reader; nothing after")
    func failures() {
        var waitingForHead = Machine()
        _ = waitingForHead.start()
        #expect(waitingForHead.failed() == .failHead)
        #expect(waitingForHead.failed() == .none)
        #expect(waitingForHead.receivedHead(keepAlive: true) == .none)

        var readingBody = Machine()
        _ = readingBody.start()
        _ = readingBody.receivedHead(keepAlive: true)
        #expect(readingBody.failed() == .failBody)
        #expect(readingBody.receivedBodyPart() == .none)
        #expect(readingBody.receivedEnd() == .none)

        var idle = Machine()
        #expect(idle.failed() == .close)
    }

    @Test("An exchange given up closes the connection; an idle one is left alone")
    func abandoned() {
        var machine = Machine()
        #expect(machine.abandoned() == .none)
        _ = machine.start()
        _ = machine.receivedHead(keepAlive: true)
        #expect(machine.abandoned() == .close)
        #expect(machine.state == .closed)
        #expect(machine.receivedEnd() == .none)
    }

    @Test("A response to no request, or a second head, is a broken upstream")
    func protocolViolations() {
        var idle = Machine()
        #expect(idle.receivedHead(keepAlive: true) == .close)
        #expect(idle.state == .closed)

        var streaming = Machine()
        _ = streaming.start()
        _ = streaming.receivedHead(keepAlive: true)
        #expect(streaming.receivedHead(keepAlive: true) == .failBody)
    }
}
