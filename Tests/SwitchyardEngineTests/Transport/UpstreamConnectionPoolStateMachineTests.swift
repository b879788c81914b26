@testable import SwitchyardEngine
import Testing

@Suite("Pooled transport: the pool's book-keeping")
struct UpstreamConnectionPoolStateMachineTests {
    typealias Machine = UpstreamConnectionPool.StateMachine<String>

    let origin = UpstreamURL.Origin(host: "127.0.0.1", port: 8000)
    let other = UpstreamURL.Origin(host: "127.0.0.1", port: 8001)

    @Test("Connections open up to the origin's limit, then tasks wait; each origin has its own limit")
    func limit() {
        var machine = Machine(connectionsPerOrigin: 2)
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .connect)
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .connect)
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .wait(id: 1))
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .wait(id: 2))
        #expect(machine.acquire(other, isUsable: { _ in true }) == .connect)
    }

    @Test("A released connection goes to the first waiter, else back to the pool, reused last in first out")
    func release() {
        var machine = Machine(connectionsPerOrigin: 2)
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.acquire(origin, isUsable: { _ in true })
        #expect(machine.release("a", to: origin) == .give("a", toWaiter: 1))
        #expect(machine.release("b", to: origin) == .give("b", toWaiter: 2))
        #expect(machine.release("a", to: origin) == Machine.Handoff.none)
        #expect(machine.release("b", to: origin) == Machine.Handoff.none)
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .use("b"))
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .use("a"))
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .wait(id: 3))
    }

    @Test("Idle connections that can no longer be used are passed over")
    func unusable() {
        var machine = Machine(connectionsPerOrigin: 2)
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.release("a", to: origin)
        _ = machine.release("b", to: origin)
        #expect(machine.acquire(origin, isUsable: { $0 != "b" }) == .use("a"))
        // "b" still holds its place until its close is reported.
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .wait(id: 1))
        #expect(machine.closed("b", to: origin) == .letConnect(waiter: 1))
    }

    @Test("An idle connection the caller prefers (one on its event loop) is taken first, else the most recent one")
    func preferred() {
        var machine = Machine(connectionsPerOrigin: 3)
        for _ in 0..<3 { _ = machine.acquire(origin, isUsable: { _ in true }) }
        for connection in ["loop1-a", "loop2-b", "loop1-c"] { _ = machine.release(connection, to: origin) }
        #expect(machine.acquire(origin, isUsable: { _ in true }, isPreferred: { $0.hasPrefix("loop2") }) == .use("loop2-b"))
        #expect(machine.acquire(origin, isUsable: { _ in true }, isPreferred: { $0.hasPrefix("loop2") }) == .use("loop1-c"))
        // An unusable connection is passed over even when preferred.
        #expect(machine.acquire(origin, isUsable: { $0 != "loop1-a" }, isPreferred: { $0.hasPrefix("loop1") }) == .wait(id: 1))
        #expect(machine.closed("loop1-a", to: origin) == .letConnect(waiter: 1))
    }

    @Test("A closed connection or a failed connect frees its place, for the first waiter if any")
    func closedAndFailed() {
        var machine = Machine(connectionsPerOrigin: 1)
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .connect)
        #expect(machine.connectFailed(to: origin) == Machine.Handoff.none)
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .connect)
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .wait(id: 1))
        #expect(machine.connectFailed(to: origin) == .letConnect(waiter: 1))
        #expect(machine.closed("a", to: origin) == Machine.Handoff.none)
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .connect)
    }

    @Test("A cancelled waiter leaves the queue and is passed over; one already served stays served")
    func cancelWaiter() {
        var machine = Machine(connectionsPerOrigin: 1)
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.acquire(origin, isUsable: { _ in true })
        let result1 = machine.cancelWaiter(1, for: origin)
        #expect(result1)
        let result2 = machine.cancelWaiter(1, for: origin)
        #expect(!result2)
        #expect(machine.release("a", to: origin) == .give("a", toWaiter: 2))
        let result3 = machine.cancelWaiter(2, for: origin)
        #expect(!result3)
    }

    @Test("The idle timeout retires a connection only while it is idle in the pool")
    func retire() {
        var machine = Machine(connectionsPerOrigin: 1)
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.release("a", to: origin)
        let result4 = machine.retire("a", from: origin)
        #expect(result4)
        let result5 = machine.retire("a", from: origin)
        #expect(!result5)
        _ = machine.release("a", to: origin)
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .use("a"))
        let result6 = machine.retire("a", from: origin)
        #expect(!result6)
    }

    @Test("Shutting down hands back the idle connections and the waiters; later releases close")
    func shutDown() {
        var machine = Machine(connectionsPerOrigin: 2)
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.release("a", to: origin)  // to waiter 1
        _ = machine.acquire(origin, isUsable: { _ in true })
        _ = machine.release("a", to: origin)  // to waiter 2
        _ = machine.release("b", to: origin)  // idle
        _ = machine.acquire(other, isUsable: { _ in true })
        _ = machine.acquire(origin, isUsable: { _ in true })  // uses "b"
        _ = machine.acquire(origin, isUsable: { _ in true })  // waiter 3
        _ = machine.release("c", to: other)
        let (idle, waiters) = machine.shutDown()
        #expect(idle == ["c"])
        #expect(waiters == [3])
        #expect(machine.acquire(origin, isUsable: { _ in true }) == .shutDown)
        #expect(machine.release("a", to: origin) == .close("a"))
    }
}
