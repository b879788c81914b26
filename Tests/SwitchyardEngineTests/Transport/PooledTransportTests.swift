import Foundation
import Synchronization
@testable import SwitchyardEngine
import SwitchyardCore
import Testing

@Suite("Pooled transport: plain-HTTP upstreams, live")
struct PooledTransportTests {
    let timeouts = TransportTimeouts(responseHead: .seconds(5))

    func request(_ server: RawHTTPServer, body: String = #"{"n":1}"#) -> UpstreamHTTPRequest {
        UpstreamHTTPRequest(
            url: "http://127.0.0.1:\(server.port)/v1/chat/completions",
            headers: [(name: "authorization", value: "Bearer k"), (name: "content-type", value: "application/json")],
            body: Array(body.utf8)
        )
    }

    @Test("Calls in turn share one connection; the request carries its headers, Host and length; the answer comes whole")
    func reuse() async throws {
        let seen = RequestLog()
        try await RawHTTPServer.with(respond: { index, text in
            seen.append(text)
            return .json(#"{"index":\#(index)}"#, headers: "X-Upstream: yes\r\n")
        }) { server in
            try await HTTPClientTransport.withTransport { transport in
                for index in 0..<5 {
                    let response = try await transport.send(request(server), timeouts: timeouts)
                    #expect(response.status == 200)
                    #expect(response.headers.contains { $0.name == "x-upstream" && $0.value == "yes" })
                    #expect(try await response.body.collect(upTo: 1 << 20) == Array(#"{"index":\#(index)}"#.utf8))
                }
            }
            #expect(server.acceptedConnections == 1)
        }
        let first = try #require(seen.all.first)
        #expect(first.hasPrefix("POST /v1/chat/completions HTTP/1.1\r\n"))
        #expect(first.lowercased().contains("authorization: bearer k\r\n"))
        #expect(first.lowercased().contains("content-length: 7\r\n"))
        #expect(first.contains("host: 127.0.0.1:"))
        #expect(first.hasSuffix("\r\n\r\n" + #"{"n":1}"#))
    }

    @Test("A host name is looked up; an address is connected to directly")
    func hostName() async throws {
        try await RawHTTPServer.with(respond: { _, _ in .json("{}") }) { server in
            try await HTTPClientTransport.withTransport { transport in
                let request = UpstreamHTTPRequest(url: "http://localhost:\(server.port)/v1", headers: [], body: [])
                let response = try await transport.send(request, timeouts: timeouts)
                #expect(try await response.body.collect(upTo: 1024) == Array("{}".utf8))
            }
        }
    }

    @Test("An upstream that answers `Connection: close`, or closes an idle connection later, gets a new one next time")
    func upstreamCloses() async throws {
        try await RawHTTPServer.with(respond: { index, _ in
            if index == 0 {
                var reply = RawHTTPServer.Reply.json("{}", headers: "connection: close\r\n")
                reply.closeAfter = true
                return reply
            }
            var reply = RawHTTPServer.Reply.json("{}")
            reply.closeLater = .milliseconds(50)
            return reply
        }) { server in
            try await HTTPClientTransport.withTransport { transport in
                for _ in 0..<3 {
                    let response = try await transport.send(request(server), timeouts: timeouts)
                    #expect(try await response.body.collect(upTo: 1024) == Array("{}".utf8))
                    #expect(try await server.eventually { $0.closedConnections == $0.acceptedConnections })
                    // Give the client's event loop the moment it needs to read the close. A request written to a
                    // connection whose close is still in flight fails (it may have reached the upstream, so it is not
                    // sent again), and that race is the router's to handle, not this test's.
                    try await Task.sleep(for: .milliseconds(250))
                }
            }
            #expect(server.acceptedConnections == 3)
        }
    }

    @Test("Past the per-host limit, calls wait for a connection to come free instead of failing")
    func limit() async throws {
        try await RawHTTPServer.with(respond: { _, _ in .json("{}") }) { server in
            var configuration = HTTPClientTransport.Configuration()
            configuration.connectionsPerHost = 1
            try await HTTPClientTransport.withTransport(configuration: configuration) { transport in
                try await withThrowingTaskGroup(of: [UInt8].self) { group in
                    for _ in 0..<8 {
                        group.addTask {
                            let response = try await transport.send(request(server), timeouts: timeouts)
                            return try await response.body.collect(upTo: 1024)
                        }
                    }
                    for try await body in group {
                        #expect(body == Array("{}".utf8))
                    }
                }
            }
            #expect(server.acceptedConnections == 1)
        }
    }

    @Test("A body without a length is read to the connection's close")
    func readToClose() async throws {
        try await RawHTTPServer.with(respond: { _, _ in
            RawHTTPServer.Reply(bytes: "HTTP/1.1 200 OK\r\nconnection: close\r\n\r\nhello, world", closeAfter: true)
        }) { server in
            try await HTTPClientTransport.withTransport { transport in
                let response = try await transport.send(request(server), timeouts: timeouts)
                #expect(try await response.body.collect(upTo: 1024) == Array("hello, world".utf8))
            }
        }
    }

    @Test("A streamed body dropped before its end closes the connection, which tells the upstream")
    func abandonedBody() async throws {
        try await RawHTTPServer.with(respond: { _, _ in
            RawHTTPServer.Reply(bytes: "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n6\r\ndata 1\r\n")
        }) { server in
            try await HTTPClientTransport.withTransport { transport in
                var response: UpstreamHTTPResponse? = try await transport.send(request(server), timeouts: timeouts)
                var iterator = response?.body.makeAsyncIterator()
                #expect(try await iterator?.next() == Array("data 1".utf8))
                iterator = nil
                response = nil
                #expect(try await server.eventually { $0.closedConnections == 1 })
            }
        }
    }

    @Test("No head in time is upstream_timeout; a stall mid-body ends it with upstream_timeout; nobody listening is upstream_unavailable")
    func failures() async throws {
        try await RawHTTPServer.with(respond: { index, _ in
            index == 0 ? nil : RawHTTPServer.Reply(bytes: "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n2\r\nhi\r\n")
        }) { server in
            try await HTTPClientTransport.withTransport { transport in
                let quick = TransportTimeouts(responseHead: .milliseconds(200))
                let headError = await #expect(throws: SwitchyardError.self) {
                    try await transport.send(request(server), timeouts: quick)
                }
                #expect(headError?.code == .upstreamTimeout)

                let stalling = TransportTimeouts(responseHead: .seconds(5), idle: .seconds(1))
                let response = try await transport.send(request(server), timeouts: stalling)
                var iterator = response.body.makeAsyncIterator()
                #expect(try await iterator.next() == Array("hi".utf8))
                let stallError = await #expect(throws: SwitchyardError.self) { try await iterator.next() }
                #expect(stallError?.code == .upstreamTimeout)
                #expect(stallError?.message == "The upstream stopped sending mid-response.")
            }
        }
        let closedPort = try await RawHTTPServer.with(respond: { _, _ in nil }) { $0.port }
        try await HTTPClientTransport.withTransport { transport in
            let request = UpstreamHTTPRequest(url: "http://127.0.0.1:\(closedPort)/v1", headers: [], body: [])
            let error = await #expect(throws: SwitchyardError.self) { try await transport.send(request, timeouts: timeouts) }
            #expect(error?.code == .upstreamUnavailable)
            #expect(error?.isRetryable == true)
        }
    }

    @Test("A request NIO refuses to write (a header value with a line break) fails at once as upstream_unavailable")
    func unwritable() async throws {
        try await RawHTTPServer.with(respond: { _, _ in .json("{}") }) { server in
            try await HTTPClientTransport.withTransport { transport in
                var bad = request(server)
                bad.headers.append((name: "x-broken", value: "a\r\nb: c"))
                let error = await #expect(throws: SwitchyardError.self) { try await transport.send(bad, timeouts: timeouts) }
                #expect(error?.code == .upstreamUnavailable)
                // The pool goes on serving.
                let response = try await transport.send(request(server), timeouts: timeouts)
                #expect(try await response.body.collect(upTo: 1024) == Array("{}".utf8))
            }
        }
    }

    @Test("A reader far behind holds the socket's reading back, and that is not taken for an upstream stall")
    func slowReader() async throws {
        let size = 2 * 1024 * 1024
        try await RawHTTPServer.with(respond: { _, _ in
            RawHTTPServer.Reply(bytes: "HTTP/1.1 200 OK\r\ncontent-length: \(size)\r\n\r\n" + String(repeating: "x", count: size))
        }) { server in
            try await HTTPClientTransport.withTransport { transport in
                let idle = TransportTimeouts(responseHead: .seconds(5), idle: .seconds(1))
                let response = try await transport.send(request(server), timeouts: idle)
                var iterator = response.body.makeAsyncIterator()
                var received = try await iterator.next()?.count ?? 0
                try await Task.sleep(for: .milliseconds(2500))
                while let chunk = try await iterator.next() {
                    received += chunk.count
                }
                #expect(received == size)
            }
        }
    }

    @Test("A call cancelled while it waits for the head closes its connection and throws CancellationError")
    func cancelledWhileWaiting() async throws {
        let received = RequestLog()
        try await RawHTTPServer.with(respond: { _, text in
            received.append(text)
            return nil
        }) { server in
            try await HTTPClientTransport.withTransport { transport in
                let call = Task { try await transport.send(request(server), timeouts: timeouts) }
                let sent = try await server.eventually { _ in received.all.count == 1 }
                #expect(sent)
                call.cancel()
                await #expect(throws: CancellationError.self) { try await call.value }
                let closed = try await server.eventually { $0.closedConnections == 1 }
                #expect(closed)
            }
        }
    }
}

/// The raw requests a test server received.
final class RequestLog: Sendable {
    private let texts = Mutex<[String]>([])

    func append(_ text: String) {
        texts.withLock { $0.append(text) }
    }

    var all: [String] { texts.withLock { $0 } }
}
