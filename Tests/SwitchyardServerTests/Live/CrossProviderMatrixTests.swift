import Foundation
import HummingbirdTesting
import SwitchyardCore
import SwitchyardProviders
import SwitchyardTesting
import Testing

/// Every inbound API against every upstream kind, through the real HTTP server and a mock upstream: plain text,
/// a tool-call round trip, streaming, and usage with cache tokens — exact both as normalized and as the client
/// sees it.
@Suite("Any client API in, any provider out")
struct CrossProviderMatrixTests {
    enum Inbound: String, CaseIterable, Sendable {
        case openAI = "openai-inbound"
        case anthropic = "anthropic-inbound"
    }

    static let upstreams: [ProviderKind] = [.openAI, .anthropic, .gemini, .openAICompatible]

    static let weatherToolOpenAI = #"{"type":"function","function":{"name":"get_weather","description":"Weather for a city","parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}"#
    static let weatherToolAnthropic = #"{"name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}"#

    /// The usage an inbound API reports for `usage`, as the client reads it.
    static func expectClientUsage(_ body: JSONValue?, inbound: Inbound, normalized usage: Usage) {
        switch inbound {
        case .openAI:
            #expect(body?["prompt_tokens"]?.intValue == usage.totalInputTokens)
            #expect(body?[path: "prompt_tokens_details", "cached_tokens"]?.intValue == usage.cacheReadTokens)
            #expect(body?["completion_tokens"]?.intValue == usage.outputTokens)
            #expect(body?["total_tokens"]?.intValue == usage.totalTokens)
        case .anthropic:
            #expect(body?["input_tokens"]?.intValue == usage.inputTokens)
            #expect(body?["cache_read_input_tokens"]?.intValue == usage.cacheReadTokens)
            #expect((body?["cache_creation_input_tokens"]?.intValue ?? 0) == usage.totalCacheWriteTokens)
            #expect(body?["output_tokens"]?.intValue == usage.outputTokens)
        }
    }

    static func path(_ inbound: Inbound) -> String {
        inbound == .openAI ? "/v1/chat/completions" : "/v1/messages"
    }

    static func plainBody(_ inbound: Inbound, stream: Bool) -> String {
        switch inbound {
        case .openAI:
            #"{"model":"test-model","stream":\#(stream),"stream_options":\#(stream ? #"{"include_usage":true}"# : "null"),"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello."}]}"#
        case .anthropic:
            #"{"model":"test-model","max_tokens":256,"stream":\#(stream),"system":"Be brief.","messages":[{"role":"user","content":"Say hello."}]}"#
        }
    }

    @Test("Plain text, not streamed", arguments: Inbound.allCases, upstreams)
    func plain(inbound: Inbound, upstream: ProviderKind) async throws {
        try await LiveGateway.run(upstream: upstream) { gateway in
            let response = try await gateway.post(Self.path(inbound), json: Self.plainBody(inbound, stream: false))
            #expect(response.status == .ok)
            #expect(response.headers[.init("x-switchyard-provider")!] == "upstream")
            #expect(response.headers[.init("x-switchyard-attempts")!] == "1")
            #expect(response.headers[.init("x-switchyard-overhead-ms")!] != nil)
            #expect(response.headers[.init("x-switchyard-request-id")!]?.hasPrefix("req_") == true)
            let body = try response.json
            let expectedText = gateway.mock.behavior.replyText
            switch inbound {
            case .openAI:
                #expect(body[path: "choices", 0, "message", "content"]?.stringValue == expectedText)
                #expect(body[path: "choices", 0, "finish_reason"]?.stringValue == "stop")
            case .anthropic:
                #expect(body[path: "content", 0, "text"]?.stringValue == expectedText)
                #expect(body["stop_reason"]?.stringValue == "end_turn")
            }
            let expected = gateway.mock.expectedUsage
            #expect(gateway.usage.usages == [expected])
            Self.expectClientUsage(body["usage"], inbound: inbound, normalized: expected)
        }
    }

    @Test("Plain text, streamed", arguments: Inbound.allCases, upstreams)
    func streamed(inbound: Inbound, upstream: ProviderKind) async throws {
        try await LiveGateway.run(upstream: upstream) { gateway in
            let response = try await gateway.post(Self.path(inbound), json: Self.plainBody(inbound, stream: true))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let events = response.events
            var text = ""
            var usage: JSONValue?
            switch inbound {
            case .openAI:
                #expect(events.last?.data == "[DONE]")
                for event in events.dropLast() {
                    let chunk = try JSONValue(parsing: event.data)
                    text += chunk[path: "choices", 0, "delta", "content"]?.stringValue ?? ""
                    if let chunkUsage = chunk["usage"], chunkUsage != .null { usage = chunkUsage }
                }
            case .anthropic:
                #expect(events.first?.event == "message_start")
                #expect(events.last?.event == "message_stop")
                var merged: [String: JSONValue] = [:]
                for event in events {
                    let payload = try JSONValue(parsing: event.data)
                    if event.event == "content_block_delta" { text += payload[path: "delta", "text"]?.stringValue ?? "" }
                    // The SDKs take input figures from message_start and let message_delta's figures override.
                    if event.event == "message_start" { merged.merge(payload[path: "message", "usage"]?.objectValue ?? [:]) { $1 } }
                    if event.event == "message_delta" { merged.merge(payload["usage"]?.objectValue ?? [:]) { $1 } }
                }
                usage = .object(merged)
            }
            #expect(text == gateway.mock.behavior.replyText)
            let expected = gateway.mock.expectedUsage
            #expect(gateway.usage.usages == [expected])
            Self.expectClientUsage(usage, inbound: inbound, normalized: expected)
        }
    }

    @Test("A tool call round trip: tool use, tool result, final answer", arguments: Inbound.allCases, upstreams)
    func toolRoundTrip(inbound: Inbound, upstream: ProviderKind) async throws {
        try await LiveGateway.run(upstream: upstream) { gateway in
            switch inbound {
            case .openAI:
                let first = try await gateway.post(
                    Self.path(inbound),
                    json: #"{"model":"test-model","tools":[\#(Self.weatherToolOpenAI)],"messages":[{"role":"user","content":"Weather in Paris?"}]}"#
                )
                #expect(first.status == .ok)
                let body = try first.json
                #expect(body[path: "choices", 0, "finish_reason"]?.stringValue == "tool_calls")
                let call = try #require(body[path: "choices", 0, "message", "tool_calls", 0])
                #expect(call[path: "function", "name"]?.stringValue == "get_weather")
                let arguments = try JSONValue(parsing: try #require(call[path: "function", "arguments"]?.stringValue))
                #expect(arguments == .object(["location": .string("Paris")]))
                let id = try #require(call["id"]?.stringValue)
                let second = try await gateway.post(
                    Self.path(inbound),
                    json: #"""
                    {"model":"test-model","tools":[\#(Self.weatherToolOpenAI)],"messages":[
                      {"role":"user","content":"Weather in Paris?"},
                      {"role":"assistant","content":null,"tool_calls":[{"id":"\#(id)","type":"function","function":{"name":"get_weather","arguments":"{\"location\":\"Paris\"}"}}]},
                      {"role":"tool","tool_call_id":"\#(id)","content":"18 degrees and sunny"}]}
                    """#
                )
                #expect(second.status == .ok)
                let answer = try second.json
                #expect(answer[path: "choices", 0, "message", "content"]?.stringValue?.contains("18 degrees and sunny") == true)
            case .anthropic:
                let first = try await gateway.post(
                    Self.path(inbound),
                    json: #"{"model":"test-model","max_tokens":256,"tools":[\#(Self.weatherToolAnthropic)],"messages":[{"role":"user","content":"Weather in Paris?"}]}"#
                )
                #expect(first.status == .ok)
                let body = try first.json
                #expect(body["stop_reason"]?.stringValue == "tool_use")
                let toolUse = try #require(body["content"]?.arrayValue?.first { $0["type"]?.stringValue == "tool_use" })
                #expect(toolUse["name"]?.stringValue == "get_weather")
                #expect(toolUse["input"] == .object(["location": .string("Paris")]))
                let id = try #require(toolUse["id"]?.stringValue)
                let second = try await gateway.post(
                    Self.path(inbound),
                    json: #"""
                    {"model":"test-model","max_tokens":256,"tools":[\#(Self.weatherToolAnthropic)],"messages":[
                      {"role":"user","content":"Weather in Paris?"},
                      {"role":"assistant","content":[{"type":"tool_use","id":"\#(id)","name":"get_weather","input":{"location":"Paris"}}]},
                      {"role":"user","content":[{"type":"tool_result","tool_use_id":"\#(id)","content":"18 degrees and sunny"}]}]}
                    """#
                )
                #expect(second.status == .ok)
                let answer = try second.json
                #expect(answer[path: "content", 0, "text"]?.stringValue?.contains("18 degrees and sunny") == true)
            }
            #expect(gateway.usage.usages.count == 2)
        }
    }
}
