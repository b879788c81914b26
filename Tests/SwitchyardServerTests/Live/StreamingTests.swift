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
    @Test("Events reach the client while the upstream is still silent, and a disconnect cancels the upstream", arguments: [
        ("/v1/messages", #"{"model":"test-model","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#),
        ("/v1/chat/completions", #"{"model":"test-model","stream":true,"messages":[{"role":"user","content":"hi"}]}"#),
    ])
    func firstBytesThenDisconnect(path: String, body: String) async throws {
        // The upstream sends two events, then stalls for a minute: nothing after that can arrive until the
        // stall ends, so bytes at the client prove they were not buffered.
        let faults = MockUpstream.Faults(stallAfterChunks: 2, stallTimeout: .seconds(60))
        try await LiveGateway.run(upstream: .anthropic, faults: faults, configure: { $0.server.streamHeartbeat = .milliseconds(100) }) { gateway in
            let port = try #require(gateway.client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body))

            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
            do {
                let response = try await client.execute(request, timeout: .seconds(10))
                #expect(response.status == .ok)
                var iterator = response.body.makeAsyncIterator()
                let first = try await iterator.next()
                #expect((first?.readableBytes ?? 0) > 0)
                let openWhileStreaming = try TCPConnections.established(toPort: gateway.mock.port)
                #expect(openWhileStreaming == 1, "the upstream request is open while streaming")
            }
            // Shutting the client down closes its connection mid-response.
            try await client.shutdown()

            // The gateway must now drop its upstream request instead of waiting out the stall: its connection to
            // the mock leaves the ESTABLISHED state.
            let deadline = ContinuousClock.now + .seconds(10)
            while try TCPConnections.established(toPort: gateway.mock.port) > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(try TCPConnections.established(toPort: gateway.mock.port) == 0)
        }
    }
}

/// Reads the kernel's TCP table, to see which connections exist without asking either end.
enum TCPConnections {
    /// How many IPv4 connections to `port` on this machine are in the ESTABLISHED state, counted from the side
    /// that dialled it.
    static func established(toPort port: Int) throws -> Int {
        // Read to the end: /proc files report no size, and a large table spans several reads.
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/net/tcp"))
        defer { try? handle.close() }
        let table = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        let remoteSuffix = ":" + String(port, radix: 16, uppercase: true).leftPadded(4)
        return table.split(separator: "\n").dropFirst().count { line in
            let fields = line.split(separator: " ")
            // sl, local_address, rem_address, st, …; state 01 is ESTABLISHED.
            return fields.count > 3 && fields[2].hasSuffix(remoteSuffix) && fields[3] == "01"
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
