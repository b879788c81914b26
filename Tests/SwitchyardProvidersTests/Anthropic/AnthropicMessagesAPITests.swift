import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("Anthropic.MessagesAPI")
struct AnthropicMessagesAPITests {
    let api = Anthropic.MessagesAPI()

    // MARK: Decoding requests

    @Test func decodesStringSystemAndStringContent() throws {
        let call = try api.decodeRequest(AnthropicFixture.bytes("inbound-request-string-system", "json"))
        #expect(call.includeStreamUsage)
        #expect(
            call.request
                == ChatRequest(
                    model: "claude-haiku-4-5",
                    system: [TextPart(text: "You are a terse assistant.")],
                    messages: [.text(.user, "Hello, Claude"), .text(.assistant, "Hello."), .text(.user, "Name a prime number.")],
                    maxTokens: 1024,
                    temperature: 0.2,
                    topP: 0.9,
                    topK: 40,
                    stopSequences: ["END"],
                    stream: true,
                    user: "13803d75-b4b5-4c3e-b2a2-6f21399b021b"
                )
        )
    }

    @Test func decodesBlocksWithCacheControlImagesThinkingAndToolResults() throws {
        let call = try api.decodeRequest(AnthropicFixture.bytes("inbound-request-blocks", "json"))
        let request = call.request
        #expect(request.model == "claude-sonnet-4-5")
        #expect(request.maxTokens == 8192)
        #expect(request.stream == false)
        #expect(
            request.system == [
                TextPart(text: "You are a weather assistant for travellers."),
                TextPart(text: "Reference: the full Paris climate handbook ...", cacheControl: CacheControl(ttl: .oneHour)),
            ]
        )
        #expect(
            request.messages == [
                Message(
                    role: .user,
                    content: [
                        .image(ImagePart(source: .base64(mediaType: "image/jpeg", data: "/9j/4AAQSkZJRgABAQ=="))),
                        .text(TextPart(text: "What is the weather where this photo was taken?", cacheControl: CacheControl())),
                    ]
                ),
                Message(
                    role: .assistant,
                    content: [
                        .thinking(
                            Thinking(text: "The photo shows the Eiffel Tower, so Paris.", signature: "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds")
                        ),
                        .text("That is Paris. Let me check."),
                        .toolUse(
                            ToolUse(id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", input: .object(["location": .string("Paris, France")]))
                        ),
                    ]
                ),
                Message(
                    role: .user,
                    content: [
                        .toolResult(
                            ToolResult(
                                toolUseID: "toolu_01A09q90qw90lq917835lq9",
                                content: [.text("18°C, sunny"), .image(ImagePart(source: .url("https://example.com/radar.png")))],
                                isError: true
                            )
                        )
                    ]
                ),
            ]
        )
        #expect(request.tools.map(\.name) == ["get_weather"])
        #expect(request.tools.first?.cacheControl == CacheControl(ttl: .fiveMinutes))
        #expect(request.toolChoice == .required)
        #expect(request.parallelToolCalls == false)
        #expect(request.thinking == ThinkingConfiguration(budgetTokens: 2048))
    }

    @Test func blocksRequestRoundTripsThroughTheUpstreamTranslator() throws {
        let fixture = try AnthropicFixture.bytes("inbound-request-blocks", "json")
        let call = try api.decodeRequest(fixture)
        let http = try Anthropic.MessagesTranslator().makeHTTPRequest(for: call.request, endpoint: UpstreamEndpoint(baseURL: "https://api.anthropic.com/v1"))
        #expect(try AnthropicFixture.parse(bytes: http.body) == AnthropicFixture.parse(bytes: fixture))
    }

    @Test func acceptsAnAssistantFirstTurnAndStringToolResults() throws {
        let body = """
            {"model": "claude-haiku-4-5", "max_tokens": 64, "messages": [
              {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "lookup", "input": {}}]},
              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "42"}]}
            ], "tool_choice": {"type": "tool", "name": "lookup"}, "thinking": {"type": "disabled"}}
            """
        let request = try api.decodeRequest(Array(body.utf8)).request
        #expect(request.messages.first?.role == .assistant)
        #expect(request.messages.last?.content == [.toolResult(ToolResult(toolUseID: "toolu_1", content: [.text("42")]))])
        #expect(request.toolChoice == .tool(name: "lookup"))
        #expect(request.parallelToolCalls == nil)
        #expect(request.thinking == nil)
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var name: String
        var body: [UInt8]
        /// A fragment the error message must contain: the field it names.
        var mentions: String

        init(_ name: String, _ body: String, mentions: String) {
            self.name = name
            self.body = Array(body.utf8)
            self.mentions = mentions
        }

        init(_ name: String, bytes: [UInt8], mentions: String) {
            self.name = name
            self.body = bytes
            self.mentions = mentions
        }

        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput("missing model", #"{"max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}"#, mentions: "`model`"),
        BadInput("missing max_tokens", #"{"model": "m", "messages": [{"role": "user", "content": "hi"}]}"#, mentions: "`max_tokens`"),
        BadInput("zero max_tokens", #"{"model": "m", "max_tokens": 0, "messages": [{"role": "user", "content": "hi"}]}"#, mentions: "`max_tokens`"),
        BadInput("messages not an array", #"{"model": "m", "max_tokens": 10, "messages": "hi"}"#, mentions: "`messages`"),
        BadInput("empty messages", #"{"model": "m", "max_tokens": 10, "messages": []}"#, mentions: "`messages`"),
        BadInput("empty model", #"{"model": "", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}"#, mentions: "`model`"),
        BadInput("invalid JSON", #"{"model": "m", "max_tokens": "#, mentions: "not valid JSON"),
        BadInput("invalid UTF-8", bytes: [0x7B, 0x22, 0x6D, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D], mentions: "UTF-8"),
        BadInput("content of the wrong type", #"{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": 42}]}"#, mentions: "messages[0].content"),
        BadInput("system role", #"{"model": "m", "max_tokens": 10, "messages": [{"role": "system", "content": "hi"}]}"#, mentions: "messages[0].role"),
        BadInput(
            "unsupported block type",
            #"{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "document", "source": {}}]}]}"#,
            mentions: "messages[0].content[0].type"
        ),
        BadInput(
            "bad cache ttl",
            #"{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "text", "text": "hi", "cache_control": {"type": "ephemeral", "ttl": "2h"}}]}]}"#,
            mentions: "cache_control.ttl"
        ),
        BadInput(
            "tool choice without a name",
            #"{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}], "tool_choice": {"type": "tool"}}"#,
            mentions: "`tool_choice.name`"
        ),
        BadInput(
            "unknown tool choice",
            #"{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}], "tool_choice": {"type": "sometimes"}}"#,
            mentions: "`tool_choice.type`"
        ),
        BadInput(
            "tool use inside a tool result",
            #"{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t", "content": [{"type": "tool_use", "id": "x", "name": "y", "input": {}}]}]}]}"#,
            mentions: "messages[0].content[0].content[0]"
        ),
        BadInput(
            "system block that is not text",
            #"{"model": "m", "max_tokens": 10, "system": [{"type": "image", "source": {"type": "url", "url": "https://x"}}], "messages": [{"role": "user", "content": "hi"}]}"#,
            mentions: "`system`"
        ),
    ]

    @Test(arguments: badInputs)
    func refusesBadInput(_ input: BadInput) throws {
        let error = try #require(throws: SwitchyardError.self) { try api.decodeRequest(input.body) }
        #expect(error.code == .invalidRequest)
        #expect(error.stage == .edge)
        #expect(error.message.contains(input.mentions), "message was: \(error.message)")
    }

    // MARK: Encoding responses

    @Test func encodesResponseWithUsageSplitAndPrefixedID() throws {
        let response = ChatResponse(
            id: "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
            model: "gpt-4o-2024-08-06",
            content: [
                .thinking(Thinking(text: "Check the weather tool.", signature: "sig-abc")),
                .text("Let me check."),
                .toolUse(ToolUse(id: "call_abc123", name: "get_weather", input: .object(["location": .string("Paris")]), signature: "gemini-sig")),
            ],
            stopReason: .toolUse,
            usage: Usage(inputTokens: 100, cacheReadTokens: 400, cacheWriteTokens: 200, cacheWrite1hTokens: 100, outputTokens: 50, reasoningTokens: 20)
        )
        let call = InboundCall(request: ChatRequest(model: "fast", messages: [.text(.user, "Hi")]), includeStreamUsage: true)
        let body = api.encodeResponse(response, for: call)
        #expect(try AnthropicFixture.parse(bytes: body) == AnthropicFixture.json("response-encoded"))
    }

    @Test func encodedResponseKeepsMessageIDsAndNamesRefusals() throws {
        let response = ChatResponse(
            id: "msg_01XFDUDYJgAACzvnptvVoYEL",
            model: "gemini-2.5-flash",
            content: [.text("I can't help with that."), .thinking(Thinking(text: "unsigned"))],
            stopReason: .contentFilter,
            stopSequence: nil,
            usage: .zero
        )
        let body = try AnthropicFixture.parse(
            bytes: api.encodeResponse(response, for: InboundCall(request: ChatRequest(model: "m", messages: []), includeStreamUsage: true))
        )
        #expect(body["id"] == .string("msg_01XFDUDYJgAACzvnptvVoYEL"))
        #expect(body["stop_reason"] == .string("refusal"))
        #expect(body["stop_sequence"] == .null)
        #expect(body["content"]?.arrayValue?.last == (try AnthropicFixture.parse(#"{"type": "thinking", "thinking": "unsigned", "signature": ""}"#)))
    }

    @Test func emptyIDGetsAGeneratedMessageID() throws {
        let response = ChatResponse(id: "", model: "m", content: [], stopReason: .endTurn, usage: .zero)
        let body = try AnthropicFixture.parse(
            bytes: api.encodeResponse(response, for: InboundCall(request: ChatRequest(model: "m", messages: []), includeStreamUsage: true))
        )
        let id = try #require(body["id"]?.stringValue)
        #expect(id.hasPrefix("msg_"))
        #expect(id.count > 4)
    }

    // MARK: Errors

    @Test func encodesErrorEnvelopeWithSwitchyardFields() throws {
        let error = SwitchyardError(
            code: .budgetExceeded,
            message: "The daily budget of key ci-bot is spent.",
            stage: .budget,
            scope: "key:ci-bot/day"
        )
        let body = try AnthropicFixture.parse(bytes: api.encodeError(error, requestID: "req_abc"))
        let expected = try AnthropicFixture.parse(
            """
            {"type": "error", "error": {"type": "rate_limit_error", "message": "The daily budget of key ci-bot is spent.",
             "stage": "budget", "code": "budget_exceeded", "scope": "key:ci-bot/day"}, "request_id": "req_abc"}
            """
        )
        #expect(body == expected)
    }

    @Test(arguments: [
        (SwitchyardError.invalidRequest("bad"), "invalid_request_error"),
        (SwitchyardError(code: .authenticationFailed, message: "no key"), "authentication_error"),
        (SwitchyardError(code: .permissionDenied, message: "no"), "permission_error"),
        (SwitchyardError(code: .modelNotFound, message: "no model"), "not_found_error"),
        (SwitchyardError(code: .requestTooLarge, message: "big"), "request_too_large"),
        (SwitchyardError(code: .rateLimited, message: "slow down"), "rate_limit_error"),
        (SwitchyardError(code: .contextWindowExceeded, message: "long"), "invalid_request_error"),
        (SwitchyardError.upstream(status: 529, message: "Overloaded"), "overloaded_error"),
        (SwitchyardError.upstream(status: 503, message: "down"), "overloaded_error"),
        (SwitchyardError.upstream(status: 400, message: "bad upstream request"), "invalid_request_error"),
        (SwitchyardError.upstream(status: 401, message: "upstream key revoked"), "api_error"),
        (SwitchyardError.upstream(status: 500, message: "boom"), "api_error"),
        (SwitchyardError.upstreamProtocol("garbled"), "api_error"),
        (SwitchyardError(code: .internalError, message: "bug"), "api_error"),
    ])
    func errorTypes(error: SwitchyardError, type: String) throws {
        #expect(Anthropic.errorType(for: error) == type)
        let body = try AnthropicFixture.parse(bytes: api.encodeError(error, requestID: nil))
        #expect(body["error"]?["type"] == .string(type))
        #expect(body["error"]?["code"] == .string(error.code.label))
        #expect(body["request_id"] == nil)
    }
}
