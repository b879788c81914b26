import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import NIOCore
import SwitchyardCore
import SwitchyardStorage
import SwitchyardTesting
import Testing

/// A streamed call the client leaves part way is charged for what was streamed, in the ledger and the budget.
@Suite("Charging a stream cut short")
struct PartialStreamChargeTests {
    @Test("A client that leaves mid-stream is charged the input and the streamed output; the rest of its hold is released")
    func chargedForWhatWasStreamed() async throws {
        let store = InMemoryStore()
        let budget = Quota(id: "month", kind: .budget, scope: QuotaScope(.global), metric: .usd, limit: 1_000_000_000, window: .month)
        // The upstream sends its first events (message start with the input usage, a first text piece), then stalls.
        let faults = MockUpstream.Faults(stallAfterChunks: 3, stallTimeout: .seconds(60))
        try await LiveGateway.run(upstream: .anthropic, faults: faults, behavior: QuotaLiveTests.behavior, store: store, configure: { configuration in
            QuotaLiveTests.pricedAlias(&configuration)
            configuration.quotas = [budget]
            configuration.server.streamHeartbeat = .milliseconds(100)
        }) { gateway in
            let port = try #require(gateway.client.port)
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/messages")
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: #"{"model":"test-model","max_tokens":100,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#))
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup)
            let requestID: String
            do {
                let response = try await client.execute(request, timeout: .seconds(10))
                requestID = try #require(response.headers.first(name: "x-switchyard-request-id"))
                var iterator = response.body.makeAsyncIterator()
                _ = try await iterator.next()
            }
            try await client.shutdown()

            let deadline = ContinuousClock.now + .seconds(10)
            var entry: LedgerEntry?
            while entry == nil, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                entry = try await store.entry(requestID: requestID)
            }
            let recorded = try #require(entry)
            #expect(recorded.outcome == "cancelled")
            #expect(recorded.streamed)
            // Anthropic reports the input at message start; the output is what was streamed, a token per 4 bytes.
            #expect(recorded.usage.inputTokens == 26)
            #expect(recorded.usage.outputTokens > 0)
            #expect(recorded.usage.outputTokens < 100)
            let expectedCost = QuotaLiveTests.price.cost(of: recorded.usage)
            #expect(recorded.cost == expectedCost)

            // The budget was charged the same amount, not the 226,000-nanodollar hold.
            try await Task.sleep(for: .milliseconds(500))
            let monthStart = try #require(QuotaWindow.month.start(containing: Date(), in: TimeZone(identifier: "UTC")!))
            let counter = QuotaCounterID(name: "month", windowStart: Int64(monthStart.timeIntervalSince1970 * 1000))
            #expect(try await store.counter(counter)?.consumed == expectedCost.nanodollars)
        }
    }
}
