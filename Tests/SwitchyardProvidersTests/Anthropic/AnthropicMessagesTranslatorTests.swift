import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("Anthropic.MessagesTranslator")
struct AnthropicMessagesTranslatorTests {
    let translator = Anthropic.MessagesTranslator()

    // MARK: Requests

    @Test func requestMatchesGoldenFixture() throws {
        let responseSchema = try AnthropicFixture.parse(
            #"{"type":"object","properties":{"summary":{"type":"string"}},"required":["summary"]}"#
        )
        let toolSchema = try AnthropicFixture.parse(
            """
            {"type": "object", "properties": {"location": {"type": "string", "description": "The city and country"},
             "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, "required": ["location"]}
            """
        )
        let request = ChatRequest(
            model: "claude-sonnet-4-5-20250929",
            system: [TextPart(text: "You are a weather assistant.", cacheControl: CacheControl(ttl: .oneHour))],
            messages: [
                Message(
                    role: .user,
                    content: [
                        .text("What is the weather in Paris? Here is the sky right now."),
                        .image(ImagePart(source: .url("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAE="))),
                        .image(ImagePart(source: .url("https://example.com/paris-sky.jpg"))),
                    ]
                ),
                Message(
                    role: .assistant,
                    content: [
                        .thinking(
                            Thinking(
                                text: "The user wants the weather; call get_weather.",
                                signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"
                            )
                        ),
                        .redactedThinking(data: "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB5URj"),
                        .toolUse(
                            ToolUse(
                                id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6",
                                name: "get_weather",
                                input: try AnthropicFixture.parse(#"{"location": "Paris, France", "unit": "celsius"}"#),
                                signature: "gemini-thought-signature"
                            )
                        ),
                    ]
                ),
                Message(
                    role: .user,
                    content: [
                        .toolResult(
                            ToolResult(toolUseID: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", content: [.text("18°C, sunny")], cacheControl: CacheControl())
                        )
                    ]
                ),
                // Reasoning from another provider carries no signature: Anthropic would refuse it, so it goes.
                Message(role: .assistant, content: [.thinking(Thinking(text: "unsigned reasoning"))]),
            ],
            tools: [
                ToolDefinition(
                    name: "get_weather",
                    description: "Get the current weather in a given location",
                    inputSchema: toolSchema,
                    strict: true,
                    cacheControl: CacheControl()
                )
            ],
            toolChoice: .auto,
            parallelToolCalls: false,
            temperature: 1,
            stopSequences: ["\n\nObservation:"],
            responseFormat: .jsonSchema(name: "weather", schema: responseSchema, strict: true),
            thinking: ThinkingConfiguration(effort: "high"),
            stream: true,
            user: "user-42",
            metadata: ["team": "ml"]
        )
        let endpoint = UpstreamEndpoint(baseURL: "https://api.anthropic.com/v1/", apiKey: "sk-ant-test")

        let http = try translator.makeHTTPRequest(for: request, endpoint: endpoint)

        #expect(http.method == "POST")
        #expect(http.url == "https://api.anthropic.com/v1/messages")
        #expect(http.headers.map(\.name) == ["content-type", "x-api-key", "anthropic-version"])
        #expect(http.header("content-type") == "application/json")
        #expect(http.header("x-api-key") == "sk-ant-test")
        #expect(http.header("anthropic-version") == "2023-06-01")
        #expect(try AnthropicFixture.parse(bytes: http.body) == AnthropicFixture.json("request-out"))
    }

    @Test func bearerAuthenticationExtraHeadersAndClampedEffortBudget() throws {
        let request = ChatRequest(
            model: "claude-haiku-4-5",
            messages: [.text(.user, "Hi")],
            toolChoice: .required,
            maxTokens: 2000,
            responseFormat: .jsonObject,
            thinking: ThinkingConfiguration(effort: "high")
        )
        let endpoint = UpstreamEndpoint(
            baseURL: "https://gateway.example/anthropic/v1",
            apiKey: "tok-123",
            headers: ["Anthropic-Beta": "context-1m-2025-08-07"],
            authentication: .bearer
        )

        let http = try translator.makeHTTPRequest(for: request, endpoint: endpoint)
        let body = try AnthropicFixture.parse(bytes: http.body)

        #expect(http.url == "https://gateway.example/anthropic/v1/messages")
        #expect(http.headers.map(\.name) == ["content-type", "authorization", "anthropic-version", "anthropic-beta"])
        #expect(http.header("authorization") == "Bearer tok-123")
        #expect(http.header("anthropic-beta") == "context-1m-2025-08-07")
        #expect(body["max_tokens"] == .int(2000))
        #expect(body["thinking"] == (try AnthropicFixture.parse(#"{"type": "enabled", "budget_tokens": 1999}"#)))
        #expect(body["tool_choice"] == nil, "tool_choice is only sent with tools")
        #expect(
            body["system"]
                == (try AnthropicFixture.parse(
                    #"[{"type": "text", "text": "Respond only with a valid JSON object, with no other text."}]"#
                ))
        )
        #expect(body["stream"] == nil)
        #expect(body["stop_sequences"] == nil)
        #expect(body["metadata"] == nil)
    }

    @Test func endpointMayOverrideTheVersionAndKeylessEndpointsSendNoKey() throws {
        let endpoint = UpstreamEndpoint(baseURL: "http://127.0.0.1:9000/v1", headers: ["anthropic-version": "2024-01-01"])
        let http = try translator.makeHTTPRequest(for: ChatRequest(model: "m", messages: [.text(.user, "Hi")]), endpoint: endpoint)
        #expect(http.headers.map(\.name) == ["content-type", "anthropic-version"])
        #expect(http.header("anthropic-version") == "2024-01-01")
    }

    @Test func defaultsMaxTokensAndPassesExplicitBudgets() throws {
        let plain = try translator.messagesRequest(for: ChatRequest(model: "m", messages: [.text(.user, "Hi")]))
        #expect(plain.maxTokens == 4096)
        #expect(plain.thinking == nil)
        #expect(plain.system == nil)

        let budgeted = try translator.messagesRequest(
            for: ChatRequest(model: "m", messages: [.text(.user, "Hi")], maxTokens: 9000, thinking: ThinkingConfiguration(budgetTokens: 5000))
        )
        #expect(budgeted.maxTokens == 9000)
        #expect(budgeted.thinking == .enabled(budgetTokens: 5000))

        let noEffort = try translator.messagesRequest(for: ChatRequest(model: "m", messages: [.text(.user, "Hi")], thinking: ThinkingConfiguration()))
        #expect(noEffort.thinking == .enabled(budgetTokens: 4096))
        #expect(noEffort.maxTokens == 8192)

        let disabled = try translator.messagesRequest(
            for: ChatRequest(model: "m", messages: [.text(.user, "Hi")], thinking: ThinkingConfiguration(effort: "none"))
        )
        #expect(disabled.thinking == .disabled)

        let tooSmall = try translator.messagesRequest(
            for: ChatRequest(model: "m", messages: [.text(.user, "Hi")], maxTokens: 500, thinking: ThinkingConfiguration(effort: "low"))
        )
        #expect(tooSmall.thinking == nil, "no budget of at least 1024 fits under max_tokens 500")
        #expect(tooSmall.maxTokens == 500)
    }

    @Test(arguments: [
        (ToolChoice.auto, #"{"type": "auto"}"#),
        (ToolChoice.required, #"{"type": "any"}"#),
        (ToolChoice.tool(name: "get_weather"), #"{"type": "tool", "name": "get_weather"}"#),
        (ToolChoice.none, #"{"type": "none"}"#),
    ])
    func toolChoices(choice: ToolChoice, expected: String) throws {
        let request = ChatRequest(
            model: "m",
            messages: [.text(.user, "Hi")],
            tools: [ToolDefinition(name: "get_weather", inputSchema: .object(["type": .string("object")]))],
            toolChoice: choice
        )
        let body = try AnthropicFixture.parse(bytes: try translator.makeHTTPRequest(for: request, endpoint: UpstreamEndpoint(baseURL: "http://x")).body)
        #expect(body["tool_choice"] == (try AnthropicFixture.parse(expected)))
    }

    @Test func unknownThinkingEffortIsRefused() throws {
        let request = ChatRequest(model: "m", messages: [.text(.user, "Hi")], thinking: ThinkingConfiguration(effort: "extreme"))
        let error = try #require(throws: SwitchyardError.self) { try translator.messagesRequest(for: request) }
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("extreme"))
    }

    // MARK: Responses

    @Test func responseWithCacheReadAndSplitCacheWrites() throws {
        let response = try translator.decodeResponse(AnthropicFixture.bytes("response-cache-usage", "json"))
        #expect(response.id == "msg_01XFDUDYJgAACzvnptvVoYEL")
        #expect(response.model == "claude-sonnet-4-5-20250929")
        #expect(response.stopReason == .toolUse)
        #expect(response.stopSequence == nil)
        #expect(
            response.content == [
                .text("I'll look up the weather in Paris."),
                .toolUse(
                    ToolUse(
                        id: "toolu_01A09q90qw90lq917835lq9",
                        name: "get_weather",
                        input: .object(["location": .string("Paris, France")])
                    )
                ),
            ]
        )
        #expect(
            response.usage
                == Usage(inputTokens: 21, cacheReadTokens: 12288, cacheWriteTokens: 1000, cacheWrite1hTokens: 2000, outputTokens: 57)
        )
        #expect(response.usage.totalInputTokens == 21 + 12288 + 3000)
    }

    @Test func responseWithThinkingAndUnsplitCacheWrites() throws {
        let response = try translator.decodeResponse(AnthropicFixture.bytes("response-thinking", "json"))
        #expect(
            response.content == [
                .thinking(
                    Thinking(
                        text: "Let me analyze this step by step. 27 * 453 = 27 * 400 + 27 * 53 = 10800 + 1431 = 12231.",
                        signature: "WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL...."
                    )
                ),
                .redactedThinking(data: "EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpP"),
                .text("27 × 453 = 12,231"),
            ]
        )
        #expect(response.stopReason == .endTurn)
        #expect(response.usage == Usage(inputTokens: 48, cacheReadTokens: 0, cacheWriteTokens: 512, cacheWrite1hTokens: 0, outputTokens: 312))
    }

    @Test(arguments: [
        ("end_turn", StopReason.endTurn), ("max_tokens", .maxTokens), ("stop_sequence", .stopSequence),
        ("tool_use", .toolUse), ("refusal", .refusal), ("pause_turn", .pauseTurn),
    ])
    func stopReasons(wire: String, expected: StopReason) throws {
        let body = """
            {"id": "msg_1", "type": "message", "role": "assistant", "model": "m", "content": [],
             "stop_reason": "\(wire)", "stop_sequence": null, "usage": {"input_tokens": 1, "output_tokens": 1}}
            """
        #expect(try translator.decodeResponse(Array(body.utf8)).stopReason == expected)
    }

    @Test func malformedResponseIsAProtocolError() throws {
        let error = try #require(throws: SwitchyardError.self) {
            try translator.decodeResponse(Array(#"{"id": 7, "type": "message"}"#.utf8))
        }
        #expect(error.code == .upstreamProtocolError)
    }

    // MARK: Errors

    @Test func overloaded529() throws {
        let error = translator.decodeError(status: 529, headers: [], body: try AnthropicFixture.bytes("error-529-overloaded", "json"))
        #expect(error.code == .upstreamUnavailable)
        #expect(error.upstreamStatus == 529)
        #expect(error.upstreamType == "overloaded_error")
        #expect(error.message == "Overloaded")
        #expect(error.isRetryable)
        #expect(error.stage == .provider)
    }

    @Test func rateLimited429WithRetryAfter() throws {
        let error = translator.decodeError(
            status: 429,
            headers: [("retry-after", "17"), ("anthropic-ratelimit-requests-remaining", "0")],
            body: try AnthropicFixture.bytes("error-429-rate-limit", "json")
        )
        #expect(error.code == .rateLimited)
        #expect(error.upstreamType == "rate_limit_error")
        #expect(error.retryAfter == .seconds(17))
        #expect(error.message.hasPrefix("This request would exceed the rate limit"))
        #expect(error.isRetryable)
    }

    @Test func promptTooLongIsContextWindowExceeded() throws {
        let error = translator.decodeError(status: 400, headers: [], body: try AnthropicFixture.bytes("error-400-prompt-too-long", "json"))
        #expect(error.code == .contextWindowExceeded)
        #expect(error.upstreamStatus == 400)
        #expect(error.upstreamType == "invalid_request_error")
        #expect(error.message == "prompt is too long: 208153 tokens > 200000 maximum")
        #expect(!error.isRetryable)
    }

    @Test func otherInvalidRequestStaysAnUpstreamError() {
        let body = #"{"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Field required"}}"#
        let error = translator.decodeError(status: 400, headers: [], body: Array(body.utf8))
        #expect(error.code == .upstreamError)
        #expect(!error.isRetryable)
    }

    @Test func bodyThatIsNotTheEnvelopeKeepsTheStatus() {
        let error = translator.decodeError(status: 502, headers: [], body: Array("<html>Bad Gateway</html>".utf8))
        #expect(error.code == .upstreamError)
        #expect(error.upstreamStatus == 502)
        #expect(error.isRetryable)
        #expect(error.cause == "<html>Bad Gateway</html>")
    }
}
