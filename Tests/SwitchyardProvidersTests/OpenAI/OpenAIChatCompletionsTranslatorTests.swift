import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("OpenAI Chat Completions translator: requests")
struct OpenAIChatCompletionsRequestTests {
    let endpoint = UpstreamEndpoint(baseURL: "https://api.openai.com/v1/", apiKey: "sk-test")

    static func toolConversation() throws -> ChatRequest {
        let schema = try OpenAIFixture.parse("""
            {"type": "object",
             "properties": {"location": {"type": "string", "description": "City name"},
                            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
             "required": ["location", "unit"], "additionalProperties": false}
            """)
        return ChatRequest(
            model: "gpt-4o",
            system: [TextPart(text: "You are a weather assistant."), TextPart(text: "Answer briefly.", cacheControl: CacheControl())],
            messages: [
                Message(role: .user, content: [
                    .text("What's the weather in Paris and Tokyo? This is where I am:"),
                    .image(ImagePart(source: .base64(mediaType: "image/png", data: "iVBORw0KGgoAAAANSUhEUgAAAAE="))),
                ]),
                Message(role: .assistant, content: [
                    .thinking(Thinking(text: "Two cities, two calls.", signature: "sig-1")),
                    .text("Checking both cities."),
                    .toolUse(ToolUse(id: "call_PXgrmWt6KZm8NfAhsbdMJvNZ", name: "get_weather", input: try OpenAIFixture.parse(#"{"unit": "celsius", "location": "Paris"}"#))),
                    .toolUse(ToolUse(id: "call_9sTfBlJzQ1uGkPq3cL0aWvYx", name: "get_weather", input: try OpenAIFixture.parse(#"{"location": "Tokyo", "unit": "celsius"}"#))),
                ]),
                Message(role: .user, content: [
                    .toolResult(ToolResult(toolUseID: "call_PXgrmWt6KZm8NfAhsbdMJvNZ", content: [.text("18°C, sunny")])),
                    .toolResult(ToolResult(toolUseID: "call_9sTfBlJzQ1uGkPq3cL0aWvYx", content: [.text("22°C"), .text("cloudy")])),
                    .text("Thanks! Is this map right?"),
                    .image(ImagePart(source: .url("https://example.com/map.png"))),
                ]),
            ],
            tools: [ToolDefinition(name: "get_weather", description: "Current weather for a city.", inputSchema: schema, strict: true)],
            toolChoice: .auto,
            parallelToolCalls: true,
            maxTokens: 1024,
            temperature: 0.2,
            topP: 0.9,
            topK: 40,
            stopSequences: ["END"],
            thinking: ThinkingConfiguration(effort: "low"),
            stream: true,
            user: "user-42",
            metadata: ["team": "search"]
        )
    }

    private func body(_ request: ChatRequest, flavor: OpenAI.Flavor = .openAI) throws -> JSONValue {
        try OpenAIFixture.parse(bytes: OpenAI.ChatCompletionsTranslator(flavor: flavor).makeHTTPRequest(for: request, endpoint: endpoint).body)
    }

    @Test("a tool conversation encodes to the golden request body")
    func toolConversationBody() throws {
        #expect(try body(Self.toolConversation()) == (try OpenAIFixture.json("request-upstream-tools")))
    }

    @Test("URL, method and bearer authorization")
    func urlAndHeaders() throws {
        let endpoint = UpstreamEndpoint(baseURL: "https://api.openai.com/v1/", apiKey: "sk-test", headers: ["OpenAI-Organization": "org-1"])
        let request = try OpenAI.ChatCompletionsTranslator().makeHTTPRequest(for: Self.toolConversation(), endpoint: endpoint)
        #expect(request.method == "POST")
        #expect(request.url == "https://api.openai.com/v1/chat/completions")
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("accept") == "text/event-stream")
        #expect(request.header("authorization") == "Bearer sk-test")
        #expect(request.header("api-key") == nil)
        #expect(request.header("openai-organization") == "org-1")
    }

    @Test("Azure: api-key header and the api-version query item")
    func azure() throws {
        let endpoint = UpstreamEndpoint(
            baseURL: "https://contoso.openai.azure.com/openai/deployments/gpt-4o",
            apiKey: "azure-key",
            queryItems: ["api-version": "2024-10-21"],
            authentication: .apiKeyHeader
        )
        let request = try OpenAI.ChatCompletionsTranslator(flavor: .compatible).makeHTTPRequest(for: Self.toolConversation(), endpoint: endpoint)
        #expect(request.url == "https://contoso.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21")
        #expect(request.header("api-key") == "azure-key")
        #expect(request.header("authorization") == nil)
    }

    @Test("a keyless local server gets no credential header")
    func keyless() throws {
        let endpoint = UpstreamEndpoint(baseURL: "http://127.0.0.1:8000/v1")
        let request = try OpenAI.ChatCompletionsTranslator(flavor: .compatible).makeHTTPRequest(for: Self.toolConversation(), endpoint: endpoint)
        #expect(request.url == "http://127.0.0.1:8000/v1/chat/completions")
        #expect(request.header("authorization") == nil)
        #expect(request.header("api-key") == nil)
    }

    @Test("openai sends max_completion_tokens, compatible servers max_tokens")
    func tokenLimitName() throws {
        let plain = ChatRequest(model: "m", messages: [.text(.user, "hi")], maxTokens: 77)
        let openAI = try body(plain, flavor: .openAI)
        let compatible = try body(plain, flavor: .compatible)
        #expect(openAI["max_completion_tokens"] == .int(77))
        #expect(openAI["max_tokens"] == nil)
        #expect(compatible["max_tokens"] == .int(77))
        #expect(compatible["max_completion_tokens"] == nil)
    }

    @Test("a plain request has no stream fields, and one user text is a string")
    func nonStreaming() throws {
        let plain = ChatRequest(model: "gpt-4o-mini", messages: [.text(.user, "Say hello.")], parallelToolCalls: false)
        let request = try OpenAI.ChatCompletionsTranslator().makeHTTPRequest(for: plain, endpoint: endpoint)
        #expect(try OpenAIFixture.parse(bytes: request.body) == (try OpenAIFixture.parse(#"{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello."}]}"#)))
        #expect(request.header("accept") == "application/json")
    }

    @Test("response formats, a named tool choice and reasoning budgets")
    func formatsAndChoices() throws {
        var request = ChatRequest(model: "m", messages: [.text(.user, "hi")])
        request.responseFormat = .jsonSchema(name: "event", schema: .object(["type": .string("object")]), strict: true)
        request.toolChoice = .tool(name: "get_weather")
        request.tools = [ToolDefinition(name: "get_weather", inputSchema: .object(["type": .string("object")]))]
        request.thinking = ThinkingConfiguration(budgetTokens: 4096)
        let first = try body(request)
        #expect(first["response_format"] == (try OpenAIFixture.parse(#"{"type": "json_schema", "json_schema": {"name": "event", "schema": {"type": "object"}, "strict": true}}"#)))
        #expect(first["tool_choice"] == (try OpenAIFixture.parse(#"{"type": "function", "function": {"name": "get_weather"}}"#)))
        #expect(first["reasoning_effort"] == .string("medium"))
        #expect(first["parallel_tool_calls"] == nil)

        request.responseFormat = .jsonObject
        request.toolChoice = .required
        request.thinking = ThinkingConfiguration(budgetTokens: 32_000)
        let second = try body(request)
        #expect(second["response_format"] == (try OpenAIFixture.parse(#"{"type": "json_object"}"#)))
        #expect(second["tool_choice"] == .string("required"))
        #expect(second["reasoning_effort"] == .string("high"))

        request.thinking = ThinkingConfiguration(budgetTokens: 0)
        #expect(try body(request)["reasoning_effort"] == nil)
    }

    @Test("tool-call-only assistant turns omit content; images in tool results follow in a user message")
    func assistantAndToolShapes() throws {
        let request = ChatRequest(model: "m", messages: [
            .text(.user, "hi"),
            Message(role: .assistant, content: [.toolUse(ToolUse(id: "call_1", name: "ping", input: .object([:])))]),
            Message(role: .user, content: [
                .toolResult(ToolResult(toolUseID: "call_1", content: [.text("pong"), .image(ImagePart(source: .url("https://x/y.png")))], isError: true)),
            ]),
            Message(role: .assistant, content: [.thinking(Thinking(text: "hmm")), .redactedThinking(data: "opaque")]),
        ])
        let messages = try #require(try body(request)["messages"]?.arrayValue)
        #expect(messages.count == 5)
        #expect(messages[1] == (try OpenAIFixture.parse(#"{"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "ping", "arguments": "{}"}}]}"#)))
        #expect(messages[2] == (try OpenAIFixture.parse(#"{"role": "tool", "tool_call_id": "call_1", "content": "pong"}"#)))
        #expect(messages[3] == (try OpenAIFixture.parse(#"{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://x/y.png"}}]}"#)))
        #expect(messages[4] == (try OpenAIFixture.parse(#"{"role": "assistant", "content": ""}"#)))
    }

    @Test("parts Chat Completions cannot carry in a role are refused")
    func inexpressibleParts() {
        let translator = OpenAI.ChatCompletionsTranslator()
        let imageFromAssistant = ChatRequest(model: "m", messages: [Message(role: .assistant, content: [.image(ImagePart(source: .url("https://x")))])])
        let toolUseFromUser = ChatRequest(model: "m", messages: [Message(role: .user, content: [.toolUse(ToolUse(id: "c", name: "n", input: .object([:])))])])
        for request in [imageFromAssistant, toolUseFromUser] {
            let error = #expect(throws: SwitchyardError.self) { try translator.makeHTTPRequest(for: request, endpoint: endpoint) }
            #expect(error?.code == .invalidRequest)
        }
    }
}

@Suite("OpenAI Chat Completions translator: responses and errors")
struct OpenAIChatCompletionsResponseTests {
    let translator = OpenAI.ChatCompletionsTranslator()

    @Test("cached and reasoning tokens normalize: fresh input excludes the cache")
    func cachedAndReasoningUsage() throws {
        let response = try translator.decodeResponse(OpenAIFixture.bytes("response-cached-reasoning", "json"))
        #expect(response == ChatResponse(
            id: "chatcmpl-AxJ7kqWv2L4yZ1hB3nQ9pT0sR5eU",
            model: "o3-mini-2025-01-31",
            content: [.text("The capital of France is Paris.")],
            stopReason: .endTurn,
            usage: Usage(inputTokens: 86, cacheReadTokens: 1920, outputTokens: 300, reasoningTokens: 256)
        ))
        #expect(response.usage.totalInputTokens == 2006)
    }

    @Test("tool calls decode with parsed arguments; empty arguments are an empty object")
    func toolCalls() throws {
        let response = try translator.decodeResponse(OpenAIFixture.bytes("response-tool-calls", "json"))
        #expect(response.content == [
            .toolUse(ToolUse(id: "call_PXgrmWt6KZm8NfAhsbdMJvNZ", name: "get_weather", input: try OpenAIFixture.parse(#"{"location": "Paris", "unit": "celsius"}"#))),
            .toolUse(ToolUse(id: "call_9sTfBlJzQ1uGkPq3cL0aWvYx", name: "get_time", input: .object([:]))),
        ])
        #expect(response.stopReason == .toolUse)
        #expect(response.usage == Usage(inputTokens: 82, outputTokens: 51))
    }

    @Test("a refusal becomes text with the refusal stop reason")
    func refusal() throws {
        let response = try translator.decodeResponse(OpenAIFixture.bytes("response-refusal", "json"))
        #expect(response.content == [.text("I'm sorry, I can't help with that request.")])
        #expect(response.stopReason == .refusal)
    }

    @Test("finish reasons map onto canonical stop reasons", arguments: [
        ("stop", StopReason.endTurn), ("length", .maxTokens), ("tool_calls", .toolUse),
        ("function_call", .toolUse), ("content_filter", .contentFilter),
    ])
    func finishReasons(finishReason: String, expected: StopReason) throws {
        let body = #"{"id": "chatcmpl-1", "object": "chat.completion", "created": 1, "model": "gpt-4o", "choices": [{"index": 0, "message": {"role": "assistant", "content": "x"}, "finish_reason": "\#(finishReason)"}]}"#
        #expect(try translator.decodeResponse(Array(body.utf8)).stopReason == expected)
    }

    @Test("bodies that are not chat completions are protocol errors")
    func malformed() {
        for body in [#"{"object": "list"}"#, #"{"id": "c", "model": "m", "choices": []}"#, "not json", #"{"model": "m", "choices": [{"index": 0, "message": {"content": "x"}, "finish_reason": "stop"}]}"#] {
            let error = #expect(throws: SwitchyardError.self) { try translator.decodeResponse(Array(body.utf8)) }
            #expect(error?.code == .upstreamProtocolError)
        }
    }

    @Test("429 keeps status, type, message and Retry-After")
    func rateLimited() throws {
        let error = translator.decodeError(
            status: 429,
            headers: [("x-ratelimit-remaining-tokens", "0"), ("Retry-After", "2")],
            body: try OpenAIFixture.bytes("error-429-rate-limit", "json")
        )
        #expect(error.code == .rateLimited)
        #expect(error.upstreamStatus == 429)
        #expect(error.upstreamType == "tokens")
        #expect(error.message.hasPrefix("Rate limit reached for gpt-4o"))
        #expect(error.retryAfter == .seconds(2))
        #expect(error.isRetryable)
        #expect(error.stage == .provider)
    }

    @Test("context_length_exceeded becomes context_window_exceeded and stays a 400")
    func contextLength() throws {
        let error = translator.decodeError(status: 400, headers: [], body: try OpenAIFixture.bytes("error-400-context-length", "json"))
        #expect(error.code == .contextWindowExceeded)
        #expect(error.upstreamStatus == 400)
        #expect(error.upstreamType == "invalid_request_error")
        #expect(!error.isRetryable)
        #expect(error.message.contains("maximum context length is 128000 tokens"))
    }

    @Test("error bodies that are not OpenAI envelopes still give a useful error")
    func foreignErrorBodies() {
        let ollama = translator.decodeError(status: 404, headers: [], body: Array(#"{"error": "model \"llama9\" not found"}"#.utf8))
        #expect(ollama.message == #"model "llama9" not found"#)
        #expect(ollama.code == .upstreamError)

        let vllm = translator.decodeError(status: 400, headers: [], body: Array(#"{"object": "error", "message": "This model's maximum context length is 4096 tokens.", "type": "BadRequestError", "param": null, "code": 400}"#.utf8))
        #expect(vllm.code == .contextWindowExceeded)
        #expect(vllm.upstreamType == "BadRequestError")

        let html = translator.decodeError(status: 502, headers: [("retry-after-ms", "1500")], body: Array("<html><body>Bad Gateway</body></html>".utf8))
        #expect(html.message == "The upstream answered with HTTP status 502.")
        #expect(html.retryAfter == .milliseconds(1500))
        #expect(html.isRetryable)
    }
}

@Suite("OpenAI Chat Completions translator: compatible servers")
struct OpenAICompatibleResponseTests {
    let translator = OpenAI.ChatCompletionsTranslator(flavor: .compatible)

    @Test("missing id and model, null usage details, eos and object arguments are tolerated")
    func deviations() throws {
        let body = #"""
            {"choices": [{"message": {"role": "assistant", "reasoning_content": "Think first.", "content": "Done.",
              "tool_calls": [{"type": "function", "function": {"name": "lookup", "arguments": {"q": "swift"}}}]},
              "finish_reason": "eos"}],
             "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17, "prompt_tokens_details": null, "completion_tokens_details": null}}
            """#
        let response = try translator.decodeResponse(Array(body.utf8))
        #expect(response.id.hasPrefix("chatcmpl-"))
        #expect(response.model == "")
        guard case .toolUse(let call) = response.content.last else {
            Issue.record("Expected a tool call last")
            return
        }
        #expect(call.id.hasPrefix("call_") && call.id.count > 12)
        #expect(response.content == [
            .thinking(Thinking(text: "Think first.")),
            .text("Done."),
            .toolUse(ToolUse(id: call.id, name: "lookup", input: .object(["q": .string("swift")]))),
        ])
        let again = try translator.decodeResponse(Array(body.utf8))
        #expect(again.content.last != response.content.last, "made-up ids never repeat across responses")
        #expect(response.stopReason == .endTurn)
        #expect(response.usage == Usage(inputTokens: 12, outputTokens: 5))
    }

    @Test("no usage at all reads as zero; DeepSeek's cache-hit count is the cache read")
    func usageVariants() throws {
        let noUsage = #"{"id": "x", "model": "m", "choices": [{"message": {"content": "hi"}, "finish_reason": null}]}"#
        #expect(try translator.decodeResponse(Array(noUsage.utf8)).usage == .zero)
        #expect(try translator.decodeResponse(Array(noUsage.utf8)).stopReason == nil)

        let deepSeek = #"{"id": "x", "model": "deepseek-chat", "choices": [{"message": {"content": "hi"}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 100, "completion_tokens": 3, "total_tokens": 103, "prompt_cache_hit_tokens": 64, "prompt_cache_miss_tokens": 36}}"#
        #expect(try translator.decodeResponse(Array(deepSeek.utf8)).usage == Usage(inputTokens: 36, cacheReadTokens: 64, outputTokens: 3))
    }

    @Test("the openai flavor refuses what the compatible flavor tolerates")
    func strictFlavor() {
        let body = #"{"id": "c", "model": "m", "choices": [{"message": {"tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": {"a": 1}}}]}, "finish_reason": "tool_calls"}]}"#
        let error = #expect(throws: SwitchyardError.self) { try OpenAI.ChatCompletionsTranslator().decodeResponse(Array(body.utf8)) }
        #expect(error?.code == .upstreamProtocolError)
        #expect(throws: Never.self) { try translator.decodeResponse(Array(body.utf8)) }
    }
}
