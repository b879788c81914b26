import SwitchyardCore
import SwitchyardTesting
import Testing

@Suite("Mock upstream: Anthropic Messages")
struct AnthropicMockUpstreamTests {
    let client = MockUpstreamClient()

    @Test("A plain message answers the reply text with Anthropic's usage convention")
    func plainMessage() async throws {
        try await MockUpstream.withRunning(.init(provider: .anthropic)) { mock in
            let answer = try await client.post(
                mock.baseURL + "/v1/messages",
                headers: MockUpstreamFixtures.anthropicHeaders,
                body: MockUpstreamFixtures.anthropicMessages()
            )
            #expect(answer.status == 200)
            #expect(answer.header("request-id") == "req_mock_1")
            let json = try answer.json
            #expect(json["type"] == .string("message"))
            #expect(json["id"] == .string("msg_mock_1"))
            #expect(json["role"] == .string("assistant"))
            #expect(json["model"] == .string("claude-haiku-4-5"))
            #expect(json["content"] == .array([.object(["type": .string("text"), "text": .string("Hello from the mock Anthropic upstream.")])]))
            #expect(json["stop_reason"] == .string("end_turn"))
            #expect(json["stop_sequence"] == .null)
            let usage = json["usage"]
            #expect(usage?["input_tokens"] == .int(12))
            #expect(usage?["cache_read_input_tokens"] == .int(8))
            #expect(usage?["cache_creation_input_tokens"] == .int(4))
            #expect(usage?["cache_creation"]?["ephemeral_5m_input_tokens"] == .int(4))
            #expect(usage?["cache_creation"]?["ephemeral_1h_input_tokens"] == .int(0))
            #expect(usage?["output_tokens"] == .int(5))
            #expect(mock.expectedUsage == Usage(inputTokens: 12, cacheReadTokens: 8, cacheWriteTokens: 4, outputTokens: 5))
        }
    }

    @Test("A stream sends the documented named events in order")
    func stream() async throws {
        try await MockUpstream.withRunning(.init(provider: .anthropic)) { mock in
            let answer = try await client.post(
                mock.baseURL + "/v1/messages",
                headers: MockUpstreamFixtures.anthropicHeaders,
                body: MockUpstreamFixtures.anthropicMessages(stream: true)
            )
            #expect(answer.header("content-type") == "text/event-stream")
            let events = answer.events
            #expect(events.map(\.event) == [
                "message_start", "content_block_start", "ping",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop",
            ])
            let payloads = try answer.eventPayloads
            #expect(zip(events, payloads).allSatisfy { $0.event == $1["type"]?.stringValue })
            let start = payloads[0]["message"]
            #expect(start?["model"] == .string("claude-haiku-4-5"))
            #expect(start?["content"] == .array([]))
            #expect(start?["usage"]?["input_tokens"] == .int(12))
            #expect(start?["usage"]?["cache_read_input_tokens"] == .int(8))
            #expect(start?["usage"]?["cache_creation_input_tokens"] == .int(4))
            #expect(start?["usage"]?["output_tokens"] == .int(1))
            #expect(payloads[1]["content_block"] == .object(["type": .string("text"), "text": .string("")]))
            let text = payloads.compactMap { $0["delta"]?["type"] == .string("text_delta") ? $0["delta"]?["text"]?.stringValue : nil }
            #expect(text.joined() == "Hello from the mock Anthropic upstream.")
            #expect(payloads[8]["delta"]?["stop_reason"] == .string("end_turn"))
            #expect(payloads[8]["usage"] == .object(["output_tokens": .int(5)]))
        }
    }

    @Test("Offered tools produce one tool_use block, streamed as input_json_delta fragments")
    func toolUse() async throws {
        try await MockUpstream.withRunning(.init(provider: .anthropic)) { mock in
            let url = mock.baseURL + "/v1/messages"
            let whole = try await client.post(
                url,
                headers: MockUpstreamFixtures.anthropicHeaders,
                body: MockUpstreamFixtures.anthropicMessages(tools: true)
            )
            let json = try whole.json
            #expect(json["stop_reason"] == .string("tool_use"))
            let block = json["content"]?.mockItem(0)
            #expect(block?["type"] == .string("tool_use"))
            #expect(block?["id"] == .string("toolu_mock_1"))
            #expect(block?["name"] == .string("get_weather"))
            #expect(block?["input"] == .object(["location": .string("Paris"), "unit": .string("celsius"), "days": .int(1)]))

            let streamed = try await client.post(
                url,
                headers: MockUpstreamFixtures.anthropicHeaders,
                body: MockUpstreamFixtures.anthropicMessages(stream: true, tools: true)
            )
            let payloads = try streamed.eventPayloads
            let start = try #require(payloads.first { $0["type"] == .string("content_block_start") })
            #expect(start["content_block"]?["type"] == .string("tool_use"))
            #expect(start["content_block"]?["id"] == .string("toolu_mock_1"))
            #expect(start["content_block"]?["input"] == .object([:]))
            let fragments = payloads.compactMap { $0["delta"]?["partial_json"]?.stringValue }
            #expect(fragments.count == 5)
            #expect(try JSONValue(parsing: fragments.joined()) == block?["input"])
            #expect(payloads.first { $0["type"] == .string("message_delta") }?["delta"]?["stop_reason"] == .string("tool_use"))
        }
    }

    @Test("A tool_result turn is answered by quoting the result")
    func toolResult() async throws {
        try await MockUpstream.withRunning(.init(provider: .anthropic)) { mock in
            let body = #"""
                {"model":"claude-sonnet-4-5","max_tokens":100,
                 "tools":[{"name":"get_weather","input_schema":{"type":"object"}}],
                 "messages":[{"role":"user","content":"Weather?"},
                  {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"18°C"}]}]}]}
                """#
            let answer = try await client.post(mock.baseURL + "/v1/messages", headers: MockUpstreamFixtures.anthropicHeaders, body: body)
            #expect(try answer.json["content"]?.mockItem(0)?["text"] == .string("The tool said: 18°C"))
        }
    }

    @Test("Anthropic's own refusals: no version header, no key, no max_tokens, an orphan tool_result, malformed JSON")
    func refusals() async throws {
        try await MockUpstream.withRunning(.init(provider: .anthropic)) { mock in
            let url = mock.baseURL + "/v1/messages"
            let noVersion = try await client.post(url, headers: [("x-api-key", "k")], body: MockUpstreamFixtures.anthropicMessages())
            #expect(noVersion.status == 400)
            #expect(try noVersion.json["type"] == .string("error"))
            #expect(try noVersion.json["error"]?["type"] == .string("invalid_request_error"))
            #expect(try noVersion.json["error"]?["message"] == .string("anthropic-version: header is required"))

            let noKey = try await client.post(url, headers: [("anthropic-version", "2023-06-01")], body: MockUpstreamFixtures.anthropicMessages())
            #expect(noKey.status == 401)
            #expect(try noKey.json["error"]?["type"] == .string("authentication_error"))

            let bearer = try await client.post(
                url,
                headers: [("authorization", "Bearer k"), ("anthropic-version", "2023-06-01")],
                body: MockUpstreamFixtures.anthropicMessages()
            )
            #expect(bearer.status == 200)

            let noMaxTokens = try await client.post(
                url,
                headers: MockUpstreamFixtures.anthropicHeaders,
                body: #"{"model":"m","messages":[{"role":"user","content":"x"}]}"#
            )
            #expect(noMaxTokens.status == 400)
            #expect(try noMaxTokens.json["error"]?["message"] == .string("max_tokens: Field required"))

            let orphan = try await client.post(
                url,
                headers: MockUpstreamFixtures.anthropicHeaders,
                body: #"""
                    {"model":"m","max_tokens":5,
                     "messages":[{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_x","content":"r"}]}]}
                    """#
            )
            #expect(orphan.status == 400)
            #expect(try orphan.json["error"]?["message"]?.stringValue?.contains("unexpected `tool_use_id`") == true)

            let malformed = try await client.post(url, headers: MockUpstreamFixtures.anthropicHeaders, body: "{")
            #expect(malformed.status == 400)
            #expect(try malformed.json["error"]?["type"] == .string("invalid_request_error"))
            #expect(try malformed.json["request_id"] != nil)
        }
    }

    @Test("Every request is recorded with its headers and body")
    func recording() async throws {
        try await MockUpstream.withRunning(.init(provider: .anthropic)) { mock in
            _ = try await client.post(
                mock.baseURL + "/v1/messages",
                headers: MockUpstreamFixtures.anthropicHeaders + [("anthropic-beta", "prompt-caching-2024-07-31")],
                body: MockUpstreamFixtures.anthropicMessages()
            )
            _ = try await client.post(mock.baseURL + "/v1/elsewhere", body: "{}")
            let requests = mock.requests
            #expect(requests.map(\.sequence) == [1, 2])
            #expect(requests[0].header("anthropic-version") == "2023-06-01")
            #expect(requests[0].header("anthropic-beta") == "prompt-caching-2024-07-31")
            #expect(requests[0].bodyJSON?["max_tokens"] == .int(256))
            #expect(requests[1].path == "/v1/elsewhere")
            #expect(requests[0].receivedAt <= requests[1].receivedAt)
            mock.clearRequests()
            #expect(mock.requests.isEmpty)
        }
    }
}
