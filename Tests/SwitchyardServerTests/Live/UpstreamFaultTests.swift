import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import SwitchyardTesting
import Testing

/// Upstream failures reach the client as the right status and envelope (or, once a stream has begun, as an error
/// event in the client's stream format) — never a crash or a hang.
@Suite("Upstream faults")
struct UpstreamFaultTests {
    static let openAIBody = #"{"model":"test-model","messages":[{"role":"user","content":"hi"}]}"#
    static let anthropicBody = #"{"model":"test-model","max_tokens":64,"messages":[{"role":"user","content":"hi"}]}"#

    /// Passes the upstream's answer straight through, so the client sees exactly what it said.
    static func noRetries(_ configuration: inout SwitchyardConfiguration) {
        configuration.models[0].retry.maximumRetries = 0
    }

    @Test("429 keeps its Retry-After in both envelopes", arguments: [ProviderKind.openAI, .anthropic, .gemini])
    func rateLimit(upstream: ProviderKind) async throws {
        try await LiveGateway.run(upstream: upstream, faults: .init(status: 429, retryAfter: .seconds(2)), configure: Self.noRetries) { gateway in
            let openAI = try await gateway.post("/v1/chat/completions", json: Self.openAIBody)
            #expect(openAI.status == .tooManyRequests)
            #expect(openAI.headers[.retryAfter] == "2")
            #expect(try openAI.json[path: "error", "type"]?.stringValue == "rate_limit_error")

            let anthropic = try await gateway.post("/v1/messages", json: Self.anthropicBody)
            #expect(anthropic.status == .tooManyRequests)
            #expect(anthropic.headers[.retryAfter] == "2")
            #expect(try anthropic.json[path: "error", "type"]?.stringValue == "rate_limit_error")
        }
    }

    @Test("Server errors pass through with their status", arguments: [500, 503])
    func serverErrors(status: Int) async throws {
        try await LiveGateway.run(upstream: .anthropic, faults: .init(status: status), configure: Self.noRetries) { gateway in
            let response = try await gateway.post("/v1/chat/completions", json: Self.openAIBody)
            #expect(response.status.code == status)
            #expect(try response.json[path: "error", "message"]?.stringValue?.isEmpty == false)
        }
    }

    @Test("Anthropic's 529 stays 529 for Anthropic clients and becomes 503 for OpenAI clients")
    func overloaded() async throws {
        try await LiveGateway.run(upstream: .anthropic, faults: .init(status: 529), configure: Self.noRetries) { gateway in
            let anthropic = try await gateway.post("/v1/messages", json: Self.anthropicBody)
            #expect(anthropic.status.code == 529)
            #expect(try anthropic.json[path: "error", "type"]?.stringValue == "overloaded_error")
            let openAI = try await gateway.post("/v1/chat/completions", json: Self.openAIBody)
            #expect(openAI.status == .serviceUnavailable)
        }
    }

    @Test("A connection reset before the answer is a 503 without retries, and is retried invisibly with them")
    func reset() async throws {
        try await LiveGateway.run(upstream: .openAI, faults: .init(failFirst: 1, disconnect: .beforeResponse), configure: Self.noRetries) { gateway in
            let failed = try await gateway.post("/v1/chat/completions", json: Self.openAIBody)
            #expect(failed.status == .serviceUnavailable)
            #expect(try failed.json[path: "error", "code"]?.stringValue == "upstream_unavailable")
            let served = try await gateway.post("/v1/chat/completions", json: Self.openAIBody)
            #expect(served.status == .ok)
        }
        try await LiveGateway.run(upstream: .openAI, faults: .init(failFirst: 1, disconnect: .beforeResponse)) { gateway in
            let served = try await gateway.post("/v1/chat/completions", json: Self.openAIBody)
            #expect(served.status == .ok)
            #expect(served.headers[.init("x-switchyard-attempts")!] == "2")
        }
    }

    @Test("A malformed chunk mid-stream ends the stream with an error event in the client's format")
    func malformedChunk() async throws {
        try await LiveGateway.run(upstream: .openAI, faults: .init(malformedAfterChunks: 2)) { gateway in
            let openAI = try await gateway.post("/v1/chat/completions", json: #"{"model":"test-model","stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(openAI.status == .ok)
            let last = try #require(openAI.events.last)
            #expect(try JSONValue(parsing: last.data)[path: "error", "code"]?.stringValue == "upstream_protocol_error")

            let anthropic = try await gateway.post("/v1/messages", json: #"{"model":"test-model","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(anthropic.status == .ok)
            let error = try #require(anthropic.events.last)
            #expect(error.event == "error")
            #expect(try JSONValue(parsing: error.data)[path: "error", "type"]?.stringValue == "api_error")
        }
    }

    @Test("A stream that stalls is cut at the read timeout with an error event, never held open")
    func stall() async throws {
        var transport = HTTPClientTransport.Configuration()
        transport.readTimeout = .milliseconds(500)
        try await LiveGateway.run(upstream: .anthropic, faults: .init(stallAfterChunks: 3, stallTimeout: .seconds(20)), transport: transport) { gateway in
            let started = ContinuousClock.now
            let response = try await gateway.post("/v1/messages", json: #"{"model":"test-model","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(ContinuousClock.now - started < .seconds(15))
            #expect(response.status == .ok)
            let error = try #require(response.events.last)
            #expect(error.event == "error")
            #expect(try JSONValue(parsing: error.data)[path: "error", "code"]?.stringValue == "upstream_timeout")
        }
    }
}
