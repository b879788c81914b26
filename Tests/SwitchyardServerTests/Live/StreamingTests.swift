import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import NIOCore
import SwitchyardCore
import SwitchyardTesting
import Testing

/// Streaming is end to end: what the upstream has sent reaches the client at once, and a client that leaves
/// cancels the upstream request.
@Suite("Streaming end to end")
struct StreamingTests {
    /// A POST of the JSON `body` to `path` on the gateway listening on `port`.
    static func post(_ path: String, _ body: String, port: Int) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    @Test("Events reach the client while the upstream is still silent, and a disconnect cancels the upstream", arguments: [
        ("/v1/messages", #"{"model":"test-model","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#),
        ("/v1/chat/completions", #"{"model":"test-model","stream":true,"messages":[{"role":"user","content":"hi"}]}"#),
    ])
    func firstBytesThenDisconnect(path: String, body: String) async throws {
        // The upstream sends two events, then stalls for a minute: nothing after that can arrive until the
        // stall ends, so bytes at the client prove they were not buffered.
        let faults = MockUpstream.Faults(stallAfterChunks: 2, stallTimeout: .seconds(60))
        try await LiveGateway.run(upstream: .anthropic, faults: faults, configure: { $0.server.streamHeartbeat = .milliseconds(100) }) { gateway in
            let request = try Self.post(path, body, port: #require(gateway.client.port))

            // Tests run in parallel, and a connection left from another test to a server that had this port
            // before can still be open: only connections that appear during this request count.
            let before = try TCPConnections.established(toPort: gateway.mock.port)
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
            var upstreamConnections: Set<String> = []
            do {
                let response = try await client.execute(request, timeout: .seconds(10))
                #expect(response.status == .ok)
                var iterator = response.body.makeAsyncIterator()
                let first = try await iterator.next()
                #expect((first?.readableBytes ?? 0) > 0)
                upstreamConnections = try TCPConnections.established(toPort: gateway.mock.port).subtracting(before)
                #expect(upstreamConnections.count == 1, "the upstream request is open while streaming")
            }
            // Shutting the client down closes its connection mid-response.
            try await client.shutdown()

            // The gateway must now drop its upstream request instead of waiting out the stall: its connection to
            // the mock leaves the ESTABLISHED state.
            let deadline = ContinuousClock.now + .seconds(10)
            while try !TCPConnections.established(toPort: gateway.mock.port).isDisjoint(with: upstreamConnections),
                ContinuousClock.now < deadline
            {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try TCPConnections.established(toPort: gateway.mock.port).isDisjoint(with: upstreamConnections))
        }
    }
}

extension StreamingTests {
    @Test("While the upstream is silent, the client gets heartbeat comments, timed on the connection's event loop")
    func heartbeatsDuringSilence() async throws {
        // Two events, then half a second of silence before the upstream closes; heartbeats every 100 ms.
        let faults = MockUpstream.Faults(stallAfterChunks: 2, stallTimeout: .milliseconds(500))
        try await LiveGateway.run(upstream: .openAI, faults: faults, configure: { $0.server.streamHeartbeat = .milliseconds(100) }) { gateway in
            let body = #"{"model":"test-model","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
            let request = try Self.post("/v1/chat/completions", body, port: #require(gateway.client.port))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            #expect(response.status == .ok)
            let received = String(buffer: try await response.body.collect(upTo: 1 << 20))
            #expect(received.contains(": keep-alive\n\n"))
        }
    }
}

/// Reads the kernel's TCP table, to see which connections exist without asking either end.
enum TCPConnections {
    /// The local addresses (`IP:PORT` in the kernel's hex) of the IPv4 connections to `port` on this machine that
    /// are in the ESTABLISHED state, seen from the side that dialled it.
    static func established(toPort port: Int) throws -> Set<String> {
        // Read to the end: /proc files report no size, and a large table spans several reads.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/net/tcp"))
        defer { try? handle.close() }
        let table = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        let remoteSuffix = ":" + String(port, radix: 16, uppercase: true).leftPadded(4)
        var local: Set<String> = []
        for line in table.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            // sl, local_address, rem_address, st, …; state 01 is ESTABLISHED.
            if fields.count > 3, fields[2].hasSuffix(remoteSuffix), fields[3] == "01" {
                local.insert(String(fields[1]))
            }
        }
        return local
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
