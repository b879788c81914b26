import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("OpenAI Chat Completions API: inbound requests")
struct OpenAIChatCompletionsInboundRequestTests {
    let api = OpenAI.ChatCompletionsAPI(currentUnixTime: { 1_741_570_283 })

    @Test("a tool-call conversation decodes to the exact canonical request")
    func toolRoundTrip() throws {
        let call = try api.decodeRequest(OpenAIFixture.bytes("inbound-request-tool-round-trip", "json"))
        let schema = try OpenAIFixture.parse(#"""
            {"type": "object", "properties": {"location": {"type": "string"}, "days": {"type": "integer"}},
             "required": ["location", "days"], "additionalProperties": false}
            """#)
        let expected = ChatRequest(
            model: "fast",
            system: [TextPart(text: "You are a helpful travel agent."), TextPart(text: "Always answer in English.")],
            messages: [
                Message(role: .user, content: [
                    .text("Weather in Paris and Tokyo? Here is my itinerary:"),
                    .image(ImagePart(source: .base64(mediaType: "image/jpeg", data: "/9j/4AAQSkZJRgABAQ=="))),
                ]),
                Message(role: .assistant, content: [
                    .toolUse(ToolUse(id: "call_PXgrmWt6KZm8NfAhsbdMJvNZ", name: "get_weather", input: .object(["location": .string("Paris"), "days": .int(2)]))),
                    .toolUse(ToolUse(id: "call_9sTfBlJzQ1uGkPq3cL0aWvYx", name: "get_weather", input: .object(["location": .string("Tokyo"), "days": .int(2)]))),
                ]),
                Message(role: .user, content: [
                    .toolResult(ToolResult(toolUseID: "call_PXgrmWt6KZm8NfAhsbdMJvNZ", content: [.text("18°C and sunny")])),
                    .toolResult(ToolResult(toolUseID: "call_9sTfBlJzQ1uGkPq3cL0aWvYx", content: [.text("22°C and cloudy")])),
                ]),
                .text(.assistant, "Paris is sunny; Tokyo is cloudy."),
                .text(.user, "Thanks! And tomorrow?"),
            ],
            tools: [ToolDefinition(name: "get_weather", description: "Get the forecast for a city.", inputSchema: schema, strict: true)],
            toolChoice: .tool(name: "get_weather"),
            parallelToolCalls: false,
            maxTokens: 500,
            temperature: 0.7,
            topP: 1,
            stopSequences: ["END"],
            responseFormat: .jsonSchema(name: "weather", schema: .object(["type": .string("object")]), strict: true),
            thinking: ThinkingConfiguration(effort: "medium"),
            stream: true,
            user: "user-1234",
            metadata: ["session": "trip-planner-7"]
        )
        #expect(call.request == expected)
        #expect(call.includeStreamUsage)
    }

    @Test("tool calls survive the trip from client to upstream")
    func toolCallsReachUpstream() throws {
        let call = try api.decodeRequest(OpenAIFixture.bytes("inbound-request-tool-round-trip", "json"))
        let upstream = try OpenAI.ChatCompletionsTranslator().makeHTTPRequest(for: call.request, endpoint: UpstreamEndpoint(baseURL: "https://api.openai.com/v1", apiKey: "k"))
        let messages = try #require(try OpenAIFixture.parse(bytes: upstream.body)["messages"]?.arrayValue)
        let client = try #require(try OpenAIFixture.json("inbound-request-tool-round-trip")["messages"]?.arrayValue)
        // The two instruction messages join into one system message; the rest line up one to one.
        #expect(messages.count == client.count - 1)
        let sent = try #require(messages[2]["tool_calls"]?.arrayValue)
        let received = try #require(client[3]["tool_calls"]?.arrayValue)
        #expect(sent.count == 2)
        for (out, original) in zip(sent, received) {
            #expect(out["id"] == original["id"])
            let outArguments = try JSONValue(parsing: try #require(out["function"]?["arguments"]?.stringValue))
            let originalArguments = try JSONValue(parsing: try #require(original["function"]?["arguments"]?.stringValue))
            #expect(outArguments == originalArguments)
        }
        #expect(messages[3] == (try OpenAIFixture.parse(#"{"role": "tool", "tool_call_id": "call_PXgrmWt6KZm8NfAhsbdMJvNZ", "content": "18°C and sunny"}"#)))
        #expect(messages[4]["role"] == .string("tool"))
    }

    @Test("a minimal request takes the defaults")
    func minimal() throws {
        let call = try api.decodeRequest(OpenAIFixture.bytes("inbound-request-minimal", "json"))
        #expect(call.request == ChatRequest(model: "gpt-4o-mini", messages: [.text(.user, "Say hello.")]))
        #expect(!call.includeStreamUsage)
    }

    @Test("json_schema response format, max_tokens and an array of stops")
    func jsonSchema() throws {
        let call = try api.decodeRequest(OpenAIFixture.bytes("inbound-request-json-schema", "json"))
        guard case .jsonSchema(let name, let schema, let strict) = call.request.responseFormat else {
            Issue.record("expected a json_schema response format")
            return
        }
        #expect(name == "calendar_event")
        #expect(schema["required"] == .array([.string("name"), .string("date"), .string("participants")]))
        #expect(strict == true)
        #expect(call.request.maxTokens == 256)
        #expect(call.request.stopSequences == ["\n\n", "END"])
        #expect(call.request.system == [TextPart(text: "Extract the event information.")])
    }

    @Test("include_usage without stream does not ask for a usage chunk")
    func usageNeedsStream() throws {
        let body = #"{"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream_options": {"include_usage": true}}"#
        #expect(try !api.decodeRequest(Array(body.utf8)).includeStreamUsage)
    }

    @Test("bad input is an invalid_request that names the field", arguments: [
        (#"{"messages": [{"role": "user", "content": "hi"}]}"#, "Missing required field `model`."),
        (#"{"model": "m", "messages": {"role": "user"}}"#, "Field `messages` has the wrong type: expected an array."),
        (#"{"model": "m", "messages": []}"#, "Field `messages` must hold at least one message."),
        (#"{"model": "m", "messages": [{"role": "user", "content": "hi"}], "temperature": "hot"}"#, "Field `temperature` has the wrong type: expected a number."),
        (#"{"model": "m", "messages": [{"role": "user", "content": "hi"}"#, "The body is not valid JSON."),
        (#"{"model": "m", "messages": [{"role": "user", "content": "hi"}], "n": 2}"#, "Field `n` must be 1: Switchyard returns one choice per request."),
        (#"{"model": "", "messages": [{"role": "user", "content": "hi"}]}"#, "Field `model` must not be empty."),
        (#"{"model": "m", "messages": [{"role": "system", "content": "only rules"}]}"#, "Field `messages` must hold at least one user, assistant or tool message."),
        (#"{"model": "m", "messages": [{"role": "user"}]}"#, "Missing required field `messages[0].content`."),
        (#"{"model": "m", "messages": [{"role": "tool", "content": "42"}]}"#, "Missing required field `messages[0].tool_call_id`."),
        (#"{"model": "m", "messages": [{"role": "user", "content": 42}]}"#, "Field `messages[0].content` is invalid: expected a string or an array of content parts."),
        (#"{"model": "m", "messages": [{"role": "user", "content": [{"type": "text"}]}]}"#, "Missing required field `messages[0].content[0].text`."),
        (#"{"model": "m", "messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png,abc"}}]}]}"#, "Field `messages[0].content[0].image_url.url` is not a valid base64 data URL (`data:image/png;base64,…`)."),
        (#"{"model": "m", "messages": [{"role": "wizard", "content": "hi"}]}"#, "Field `messages[0].role` is invalid: `wizard` is not supported; expected `system`, `developer`, `user`, `assistant` or `tool`."),
        (#"{"model": "m", "messages": [{"role": "assistant", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\"a\": "}}]}]}"#, "Field `messages[0].tool_calls[0].function.arguments` is not valid JSON."),
        (#"{"model": "m", "messages": [{"role": "assistant", "tool_calls": [{"type": "function", "function": {"name": "f", "arguments": "{}"}}]}]}"#, "Missing required field `messages[0].tool_calls[0].id`."),
        (#"{"model": "m", "messages": [{"role": "user", "content": "hi"}], "tools": [{"type": "custom", "custom": {"name": "grammar"}}]}"#, "Field `tools[0].type`: `custom` is not supported; expected `function`."),
        (#"{"model": "m", "messages": [{"role": "user", "content": "hi"}], "tool_choice": "sometimes"}"#, "Field `tool_choice` is invalid: `sometimes` is not supported; expected `auto`, `none`, `required` or a function object."),
        (#"{"model": "m", "messages": [{"role": "user", "content": "hi"}], "metadata": {"n": 1}}"#, "Field `metadata.n` has the wrong type: expected a string."),
    ])
    func badInput(body: String, message: String) {
        let error = #expect(throws: SwitchyardError.self) { try api.decodeRequest(Array(body.utf8)) }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message == message)
        #expect(error?.stage == .edge)
    }

    @Test("invalid UTF-8 bytes are an invalid_request")
    func invalidUTF8() {
        var body = Array(#"{"model": "m", "messages": [{"role": "user", "content": "h"#.utf8)
        body += [0xFF, 0xFE]
        body += Array(#""}]}"#.utf8)
        let error = #expect(throws: SwitchyardError.self) { try api.decodeRequest(body) }
        #expect(error?.code == .invalidRequest)
    }
}

@Suite("OpenAI Chat Completions API: responses and errors")
struct OpenAIChatCompletionsOutboundTests {
    let api = OpenAI.ChatCompletionsAPI(currentUnixTime: { 1_741_570_283 })
    let call = InboundCall(request: ChatRequest(model: "fast", messages: [.text(.user, "hi")]), includeStreamUsage: false)

    @Test("text, thinking and usage encode as a chat.completion")
    func textResponse() throws {
        let response = ChatResponse(
            id: "msg_01XFDUDYJgAACzvnptvVoYEL",
            model: "claude-sonnet-4-5",
            content: [.thinking(Thinking(text: "Let me think.", signature: "sig")), .text("Hello"), .text(", world.")],
            stopReason: .endTurn,
            usage: Usage(inputTokens: 10, cacheReadTokens: 2000, cacheWriteTokens: 300, cacheWrite1hTokens: 7, outputTokens: 50, reasoningTokens: 20)
        )
        let body = try OpenAIFixture.parse(bytes: api.encodeResponse(response, for: call))
        #expect(body == (try OpenAIFixture.parse(#"""
            {"id": "chatcmpl-msg_01XFDUDYJgAACzvnptvVoYEL", "object": "chat.completion", "created": 1741570283,
             "model": "claude-sonnet-4-5",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello, world.", "refusal": null},
                          "logprobs": null, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 2317, "completion_tokens": 50, "total_tokens": 2367,
                       "prompt_tokens_details": {"cached_tokens": 2000},
                       "completion_tokens_details": {"reasoning_tokens": 20}}}
            """#)))
    }

    @Test("tool calls encode with content null and arguments as a JSON string")
    func toolCallResponse() throws {
        let response = ChatResponse(
            id: "chatcmpl-abc",
            model: "gpt-4o",
            content: [
                .toolUse(ToolUse(id: "call_1", name: "get_weather", input: .object(["location": .string("Paris")]))),
                .toolUse(ToolUse(id: "call_2", name: "get_time", input: .object([:]))),
            ],
            stopReason: .toolUse,
            usage: Usage(inputTokens: 5, outputTokens: 9)
        )
        let body = try OpenAIFixture.parse(bytes: api.encodeResponse(response, for: call))
        #expect(body["id"] == .string("chatcmpl-abc"))
        let choice = try #require(body["choices"]?.arrayValue?.first)
        #expect(choice["finish_reason"] == .string("tool_calls"))
        #expect(choice["message"] == (try OpenAIFixture.parse(#"""
            {"role": "assistant", "content": null, "refusal": null, "tool_calls": [
              {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"location\":\"Paris\"}"}},
              {"id": "call_2", "type": "function", "function": {"name": "get_time", "arguments": "{}"}}]}
            """#)))
    }

    @Test("stop reasons map back to finish reasons", arguments: [
        (StopReason.endTurn, "stop"), (.stopSequence, "stop"), (.maxTokens, "length"),
        (.toolUse, "tool_calls"), (.contentFilter, "content_filter"), (.pauseTurn, "stop"),
    ])
    func finishReasons(stopReason: StopReason, finishReason: String) throws {
        let response = ChatResponse(id: "x", model: "m", content: [.text("t")], stopReason: stopReason, usage: .zero)
        let body = try OpenAIFixture.parse(bytes: api.encodeResponse(response, for: call))
        #expect(body["choices"]?.arrayValue?.first?["finish_reason"] == .string(finishReason))
    }

    @Test("a refusal goes in the refusal field")
    func refusal() throws {
        let response = ChatResponse(id: "x", model: "m", content: [.text("I can't help with that.")], stopReason: .refusal, usage: .zero)
        let body = try OpenAIFixture.parse(bytes: api.encodeResponse(response, for: call))
        let message = try #require(body["choices"]?.arrayValue?.first?["message"])
        #expect(message["content"] == .null)
        #expect(message["refusal"] == .string("I can't help with that."))
    }

    @Test("an upstream response decoded by the translator encodes back to the same facts")
    func throughCanonical() throws {
        let fixture = try OpenAIFixture.json("response-cached-reasoning")
        let response = try OpenAI.ChatCompletionsTranslator().decodeResponse(OpenAIFixture.bytes("response-cached-reasoning", "json"))
        let body = try OpenAIFixture.parse(bytes: api.encodeResponse(response, for: call))
        #expect(body["id"] == fixture["id"])
        #expect(body["usage"]?["prompt_tokens"] == fixture["usage"]?["prompt_tokens"])
        #expect(body["usage"]?["prompt_tokens_details"]?["cached_tokens"] == fixture["usage"]?["prompt_tokens_details"]?["cached_tokens"])
        #expect(body["usage"]?["completion_tokens_details"]?["reasoning_tokens"] == fixture["usage"]?["completion_tokens_details"]?["reasoning_tokens"])
        #expect(body["choices"]?.arrayValue?.first?["message"]?["content"] == fixture["choices"]?.arrayValue?.first?["message"]?["content"])
    }

    @Test("errors use OpenAI's envelope plus Switchyard's fields")
    func errorEnvelope() throws {
        let error = SwitchyardError(code: .budgetExceeded, message: "The daily budget of key ci-bot is spent.", stage: .budget, scope: "key:ci-bot/day")
        let body = try OpenAIFixture.parse(bytes: api.encodeError(error, requestID: "req_123"))
        #expect(body == (try OpenAIFixture.parse(#"""
            {"error": {"message": "The daily budget of key ci-bot is spent.", "type": "insufficient_quota", "param": null,
                       "code": "budget_exceeded", "stage": "budget", "scope": "key:ci-bot/day", "request_id": "req_123"}}
            """#)))
    }

    @Test("error types and codes follow OpenAI's", arguments: [
        (SwitchyardError.invalidRequest("bad"), "invalid_request_error", "invalid_request"),
        (SwitchyardError(code: .authenticationFailed, message: "no key"), "authentication_error", "invalid_api_key"),
        (SwitchyardError(code: .permissionDenied, message: "no"), "permission_error", "permission_denied"),
        (SwitchyardError(code: .rateLimited, message: "slow down"), "rate_limit_error", "rate_limit_exceeded"),
        (SwitchyardError(code: .modelNotFound, message: "which?"), "invalid_request_error", "model_not_found"),
        (SwitchyardError(code: .contextWindowExceeded, message: "too long"), "invalid_request_error", "context_length_exceeded"),
        (SwitchyardError(code: .upstreamUnavailable, message: "down"), "service_unavailable_error", "upstream_unavailable"),
        (SwitchyardError(code: .internalError, message: "oops"), "server_error", "internal_error"),
        (SwitchyardError.upstream(status: 400, message: "bad param"), "invalid_request_error", "upstream_error"),
        (SwitchyardError.upstream(status: 500, message: "boom"), "server_error", "upstream_error"),
    ])
    func errorTypes(error: SwitchyardError, type: String, code: String) throws {
        let body = try OpenAIFixture.parse(bytes: api.encodeError(error, requestID: nil))
        #expect(body["error"]?["type"] == .string(type))
        #expect(body["error"]?["code"] == .string(code))
        #expect(body["error"]?["request_id"] == .null)
    }
}
