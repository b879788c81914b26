import SwitchyardCore
import SwitchyardTesting
import Testing

@Suite("Mock upstream: OpenAI Chat Completions")
struct OpenAIMockUpstreamTests {
    let client = MockUpstreamClient()

    @Test("A plain chat answers the reply text with OpenAI's usage convention")
    func plainChat() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI)) { mock in
            let answer = try await client.post(
                mock.baseURL + "/v1/chat/completions",
                headers: MockUpstreamFixtures.openAIHeaders,
                body: MockUpstreamFixtures.openAIChat()
            )
            #expect(answer.status == 200)
            #expect(answer.header("content-type") == "application/json")
            let json = try answer.json
            #expect(json["object"] == .string("chat.completion"))
            #expect(json["model"] == .string("gpt-4o-mini"))
            #expect(json["id"] == .string("chatcmpl-mock-1"))
            let choice = json["choices"]?.arrayValue?.first
            #expect(choice?["message"]?["role"] == .string("assistant"))
            #expect(choice?["message"]?["content"] == .string("Hello from the mock OpenAI upstream."))
            #expect(choice?["finish_reason"] == .string("stop"))
            // 12 fresh + 8 cached (OpenAI reports no cache writes): prompt_tokens includes the cached ones.
            let usage = json["usage"]
            #expect(usage?["prompt_tokens"] == .int(20))
            #expect(usage?["prompt_tokens_details"]?["cached_tokens"] == .int(8))
            #expect(usage?["completion_tokens"] == .int(5))
            #expect(usage?["completion_tokens_details"]?["reasoning_tokens"] == .int(0))
            #expect(usage?["total_tokens"] == .int(25))
            #expect(mock.expectedUsage == Usage(inputTokens: 12, cacheReadTokens: 8, outputTokens: 5))
        }
    }

    @Test("A stream sends role, content pieces, finish reason, a usage chunk and [DONE]")
    func streamWithUsage() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI)) { mock in
            let answer = try await client.post(
                mock.baseURL + "/v1/chat/completions",
                headers: MockUpstreamFixtures.openAIHeaders,
                body: MockUpstreamFixtures.openAIChat(stream: true, includeUsage: true)
            )
            #expect(answer.header("content-type") == "text/event-stream")
            #expect(answer.events.last?.data == "[DONE]")
            let chunks = try answer.eventPayloads
            // role + 4 content pieces + finish + usage
            #expect(chunks.count == 7)
            #expect(chunks.allSatisfy { $0["object"] == .string("chat.completion.chunk") && $0["model"] == .string("gpt-4o-mini") })
            #expect(chunks[0]["choices"]?.mockItem(0)?["delta"]?["role"] == .string("assistant"))
            let text = chunks.compactMap { $0["choices"]?.mockItem(0)?["delta"]?["content"]?.stringValue }.joined()
            #expect(text == "Hello from the mock OpenAI upstream.")
            #expect(chunks[5]["choices"]?.mockItem(0)?["finish_reason"] == .string("stop"))
            #expect(chunks[5]["usage"] == .null)
            #expect(chunks[6]["choices"] == .array([]))
            #expect(chunks[6]["usage"]?["prompt_tokens"] == .int(20))
            #expect(chunks[6]["usage"]?["prompt_tokens_details"]?["cached_tokens"] == .int(8))
            #expect(chunks[6]["usage"]?["completion_tokens"] == .int(5))
        }
    }

    @Test("Without include_usage a stream has no usage chunk and no usage field")
    func streamWithoutUsage() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI)) { mock in
            let answer = try await client.post(
                mock.baseURL + "/v1/chat/completions",
                headers: MockUpstreamFixtures.openAIHeaders,
                body: MockUpstreamFixtures.openAIChat(stream: true)
            )
            let chunks = try answer.eventPayloads
            #expect(chunks.count == 6)
            #expect(chunks.allSatisfy { $0["usage"] == nil })
        }
    }

    @Test("Offered tools and a user turn produce one deterministic tool call, streamed in fragments")
    func toolCall() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI)) { mock in
            let url = mock.baseURL + "/v1/chat/completions"
            let whole = try await client.post(url, headers: MockUpstreamFixtures.openAIHeaders, body: MockUpstreamFixtures.openAIChat(tools: true))
            let choice = try whole.json["choices"]?.mockItem(0)
            #expect(choice?["finish_reason"] == .string("tool_calls"))
            #expect(choice?["message"]?["content"] == .null)
            let call = choice?["message"]?["tool_calls"]?.mockItem(0)
            #expect(call?["id"] == .string("call_mock_1"))
            #expect(call?["type"] == .string("function"))
            #expect(call?["function"]?["name"] == .string("get_weather"))
            #expect(call?["function"]?["arguments"] == .string(#"{"days":1,"location":"Paris","unit":"celsius"}"#))

            let streamed = try await client.post(
                url,
                headers: MockUpstreamFixtures.openAIHeaders,
                body: MockUpstreamFixtures.openAIChat(stream: true, tools: true)
            )
            let chunks = try streamed.eventPayloads
            let first = chunks[0]["choices"]?.mockItem(0)?["delta"]?["tool_calls"]?.mockItem(0)
            #expect(first?["id"] == .string("call_mock_1"))
            #expect(first?["function"]?["name"] == .string("get_weather"))
            let fragments = chunks.dropFirst().compactMap {
                $0["choices"]?.mockItem(0)?["delta"]?["tool_calls"]?.mockItem(0)?["function"]?["arguments"]?.stringValue
            }
            #expect(fragments.count == 4)
            #expect(fragments.joined() == #"{"days":1,"location":"Paris","unit":"celsius"}"#)
            #expect(chunks.last?["choices"]?.mockItem(0)?["finish_reason"] == .string("tool_calls"))
        }
    }

    @Test("tool_choice none answers text; a named tool_choice calls that tool")
    func toolChoice() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI)) { mock in
            let tools = #"[{"type":"function","function":{"name":"first"}},{"type":"function","function":{"name":"second"}}]"#
            let messages = #"[{"role":"user","content":"Hi"}]"#
            let url = mock.baseURL + "/v1/chat/completions"
            let none = try await client.post(
                url,
                headers: MockUpstreamFixtures.openAIHeaders,
                body: #"{"model":"m","messages":\#(messages),"tools":\#(tools),"tool_choice":"none"}"#
            )
            #expect(try none.json["choices"]?.mockItem(0)?["finish_reason"] == .string("stop"))
            let named = try await client.post(
                url,
                headers: MockUpstreamFixtures.openAIHeaders,
                body: #"{"model":"m","messages":\#(messages),"tools":\#(tools),"tool_choice":{"type":"function","function":{"name":"second"}}}"#
            )
            let call = try named.json["choices"]?.mockItem(0)?["message"]?["tool_calls"]?.mockItem(0)
            #expect(call?["function"]?["name"] == .string("second"))
            #expect(call?["function"]?["arguments"] == .string("{}"))
        }
    }

    @Test("A tool result turn is answered by quoting the result")
    func toolResult() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI)) { mock in
            let body = #"""
                {"model":"gpt-4o","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}],
                 "messages":[{"role":"user","content":"Weather?"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"18°C and sunny"}]}
                """#
            let answer = try await client.post(mock.baseURL + "/v1/chat/completions", headers: MockUpstreamFixtures.openAIHeaders, body: body)
            #expect(try answer.json["choices"]?.mockItem(0)?["message"]?["content"] == .string("The tool said: 18°C and sunny"))
        }
    }

    @Test("OpenAI's own 400s: malformed JSON, a tool message without its call, a bad role")
    func invalidRequests() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI)) { mock in
            let url = mock.baseURL + "/v1/chat/completions"
            let malformed = try await client.post(url, headers: MockUpstreamFixtures.openAIHeaders, body: "{not json")
            #expect(malformed.status == 400)
            #expect(try malformed.json["error"]?["type"] == .string("invalid_request_error"))
            #expect(try malformed.json["error"]?["message"]?.stringValue?.contains("could not parse the JSON body") == true)

            let orphan = try await client.post(
                url,
                headers: MockUpstreamFixtures.openAIHeaders,
                body: #"{"model":"m","messages":[{"role":"user","content":"x"},{"role":"tool","tool_call_id":"call_9","content":"r"}]}"#
            )
            #expect(orphan.status == 400)
            #expect(try orphan.json["error"]?["param"] == .string("messages.[1].role"))

            let badRole = try await client.post(
                url,
                headers: MockUpstreamFixtures.openAIHeaders,
                body: #"{"model":"m","messages":[{"role":"model","content":"x"}]}"#
            )
            #expect(badRole.status == 400)
            #expect(try badRole.json["error"]?["code"] == .string("invalid_value"))
        }
    }

    @Test("A missing key is refused with 401; a configured key must match")
    func authentication() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI, apiKey: "sk-right")) { mock in
            let url = mock.baseURL + "/v1/chat/completions"
            let missing = try await client.post(url, body: MockUpstreamFixtures.openAIChat())
            #expect(missing.status == 401)
            let wrong = try await client.post(url, headers: [("authorization", "Bearer sk-wrong")], body: MockUpstreamFixtures.openAIChat())
            #expect(wrong.status == 401)
            #expect(try wrong.json["error"]?["code"] == .string("invalid_api_key"))
            let right = try await client.post(url, headers: [("authorization", "Bearer sk-right")], body: MockUpstreamFixtures.openAIChat())
            #expect(right.status == 200)
        }
    }

    @Test("Azure paths name the model by deployment and the api-key header and api-version are recorded")
    func azureRecording() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI)) { mock in
            let answer = try await client.post(
                mock.baseURL + "/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21",
                headers: [("api-key", "azure-key")],
                body: #"{"messages":[{"role":"user","content":"Hi"}]}"#
            )
            #expect(answer.status == 200)
            #expect(try answer.json["model"] == .string("gpt-4o-prod"))
            let recorded = try #require(mock.requests.last)
            #expect(recorded.method == "POST")
            #expect(recorded.path == "/openai/deployments/gpt-4o-prod/chat/completions")
            #expect(recorded.query["api-version"] == "2024-10-21")
            #expect(recorded.header("API-Key") == "azure-key")
            #expect(recorded.bodyJSON?["messages"]?.mockItem(0)?["content"] == .string("Hi"))
        }
    }

    @Test("An OpenAI-compatible mock needs no key and names itself in the reply")
    func compatibleNeedsNoKey() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAICompatible)) { mock in
            let answer = try await client.post(mock.baseURL + "/chat/completions", body: MockUpstreamFixtures.openAIChat())
            #expect(answer.status == 200)
            #expect(try answer.json["choices"]?.mockItem(0)?["message"]?["content"] == .string("Hello from the mock OpenAI-compatible upstream."))
        }
    }
}
