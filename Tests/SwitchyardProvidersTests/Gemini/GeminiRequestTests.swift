import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("Gemini request translation")
struct GeminiRequestTests {
    let translator = Gemini.GenerateContentTranslator()
    let endpoint = UpstreamEndpoint(baseURL: "https://generativelanguage.googleapis.com/v1beta/", apiKey: "AIzaSy-test-key")

    /// Google's lighting and weather function-calling examples, as one canonical conversation.
    static let toolsConversation = ChatRequest(
        model: "gemini-2.5-flash",
        system: [TextPart(text: "You are a helpful lighting system bot."), TextPart(text: "Keep answers short.")],
        messages: [
            Message(role: .user, content: [
                .text("Turn the lights down to a romantic level. This is the room:"),
                .image(ImagePart(source: .base64(mediaType: "image/jpeg", data: "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBD"))),
            ]),
            Message(role: .assistant, content: [
                .thinking(Thinking(text: "**Choosing a mood**\nRomantic means dim and warm.")),
                .text("Setting the lights now."),
                .toolUse(ToolUse(
                    id: "call_lights_1",
                    name: "set_light_values",
                    input: .object(["brightness": .int(25), "color_temp": .string("warm")]),
                    signature: "CiQBcsjafGQ3UFsgZmLcQW4lRAx0q3sVOOM9fnJzDmP1p3N8WxMKYgFyyNp8"
                )),
            ]),
            Message(role: .user, content: [
                .toolResult(ToolResult(toolUseID: "call_lights_1", content: [.text(#"{"brightness":25,"colorTemperature":"warm"}"#)])),
            ]),
            Message(role: .assistant, content: [
                .thinking(Thinking(text: "", signature: "CpcBAVSoXO5GnN0bPoPj1z0W5yDY0Fz9")),
                .text("Done, the lights are dimmed to a warm 25%."),
            ]),
            Message(role: .user, content: [
                .text("And the weather in Boston? Show me the sky:"),
                .image(ImagePart(source: .url("https://example.com/boston/sky.png?size=large"))),
            ]),
            Message(role: .assistant, content: [
                .toolUse(ToolUse(id: "call_weather_1", name: "get_weather", input: .object(["location": .string("Boston, MA")]))),
            ]),
            Message(role: .user, content: [
                .toolResult(ToolResult(
                    toolUseID: "call_weather_1",
                    content: [
                        .text("Weather service timed out."),
                        .image(ImagePart(source: .url("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB"))),
                    ],
                    isError: true
                )),
            ]),
        ],
        tools: [
            ToolDefinition(
                name: "set_light_values",
                description: "Sets the brightness and color temperature of a light.",
                inputSchema: .object([
                    "$schema": .string("http://json-schema.org/draft-07/schema#"),
                    "type": .string("object"),
                    "properties": .object([
                        "brightness": .object([
                            "type": .string("integer"),
                            "description": .string("Light level from 0 to 100. Zero is off and 100 is full brightness"),
                            "minimum": .int(0),
                            "maximum": .int(100),
                        ]),
                        "color_temp": .object([
                            "type": .string("string"),
                            "description": .string("Color temperature of the light fixture, which can be `daylight`, `cool` or `warm`."),
                            "enum": .array([.string("daylight"), .string("cool"), .string("warm")]),
                        ]),
                    ]),
                    "required": .array([.string("brightness"), .string("color_temp")]),
                    "additionalProperties": .bool(false),
                ])
            ),
            ToolDefinition(
                name: "get_weather",
                description: "Gets the current weather for a location.",
                inputSchema: .object([
                    "type": .string("object"),
                    "properties": .object([
                        "location": .object([
                            "type": .string("string"),
                            "description": .string("The city and state, e.g. San Francisco, CA"),
                            "examples": .array([.string("Boston, MA")]),
                        ]),
                        "unit": .object([
                            "type": .array([.string("string"), .string("null")]),
                            "enum": .array([.string("celsius"), .string("fahrenheit"), .null]),
                        ]),
                        "observed_at": .object(["type": .string("string"), "format": .string("date-time")]),
                        "station_id": .object(["type": .string("string"), "format": .string("uuid")]),
                    ]),
                    "required": .array([.string("location")]),
                    "additionalProperties": .bool(false),
                ])
            ),
            ToolDefinition(
                name: "get_time",
                description: "Gets the current time.",
                inputSchema: .object(["type": .string("object"), "properties": .object([:])])
            ),
        ],
        toolChoice: .tool(name: "get_weather"),
        parallelToolCalls: false,
        maxTokens: 1024,
        temperature: 0.7,
        topP: 0.95,
        topK: 40,
        stopSequences: ["END"],
        thinking: ThinkingConfiguration(budgetTokens: 2048),
        user: "user-42"
    )

    @Test("A multi-turn tool conversation encodes to the golden generateContent body")
    func toolsConversationMatchesGoldenBody() throws {
        let request = try translator.makeHTTPRequest(for: Self.toolsConversation, endpoint: endpoint)
        #expect(try GeminiFixture.body(of: request) == GeminiFixture.json("request-tools-multiturn"))
    }

    @Test("A JSON-schema response format becomes responseMimeType and a down-converted responseSchema")
    func jsonSchemaResponseFormatMatchesGoldenBody() throws {
        let ingredient: JSONValue = .object([
            "type": .string("object"),
            "additionalProperties": .bool(false),
            "properties": .object([
                "name": .object(["type": .string("string")]),
                "amount": .object(["type": .array([.string("string"), .string("null")]), "examples": .array([.string("1 cup")])]),
            ]),
            "required": .array([.string("name")]),
        ])
        let recipe: JSONValue = .object([
            "type": .string("object"),
            "additionalProperties": .bool(false),
            "properties": .object([
                "recipeName": .object(["type": .string("string"), "title": .string("Recipe name")]),
                "ingredients": .object(["type": .string("array"), "items": .object(["$ref": .string("#/$defs/Ingredient")])]),
                "rating": .object(["anyOf": .array([
                    .object(["type": .string("number"), "format": .string("float")]),
                    .object(["type": .string("null")]),
                ])]),
            ]),
            "required": .array([.string("recipeName"), .string("ingredients")]),
            "propertyOrdering": .array([.string("recipeName"), .string("ingredients"), .string("rating")]),
        ])
        let schema: JSONValue = .object([
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "type": .string("array"),
            "items": .object(["$ref": .string("#/$defs/Recipe")]),
            "$defs": .object(["Recipe": recipe, "Ingredient": ingredient]),
        ])
        let chat = ChatRequest(
            model: "gemini-2.5-flash",
            messages: [.text(.user, "List a few popular cookie recipes, and include the amounts of ingredients.")],
            responseFormat: .jsonSchema(name: "recipes", schema: schema, strict: true)
        )
        let request = try translator.makeHTTPRequest(for: chat, endpoint: endpoint)
        #expect(try GeminiFixture.body(of: request) == GeminiFixture.json("request-json-schema"))
    }

    @Test("A JSON-object response format asks only for application/json")
    func jsonObjectResponseFormat() throws {
        let chat = ChatRequest(model: "gemini-2.5-flash", messages: [.text(.user, "Hi")], responseFormat: .jsonObject)
        let body = try GeminiFixture.body(of: try translator.makeHTTPRequest(for: chat, endpoint: endpoint))
        #expect(body["generationConfig"] == .object(["responseMimeType": .string("application/json")]))
    }

    @Test("A plain request addresses generateContent with the x-goog-api-key header")
    func nonStreamingURLAndHeaders() throws {
        let chat = ChatRequest(model: "gemini-2.5-flash", messages: [.text(.user, "Hi")])
        let request = try translator.makeHTTPRequest(for: chat, endpoint: endpoint)
        #expect(request.method == "POST")
        #expect(request.url == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent")
        #expect(request.headers.map(\.name) == ["content-type", "x-goog-api-key"])
        #expect(request.header("content-type") == "application/json")
        #expect(request.header("x-goog-api-key") == "AIzaSy-test-key")
        #expect(try GeminiFixture.body(of: request) == .object([
            "contents": .array([.object(["role": .string("user"), "parts": .array([.object(["text": .string("Hi")])])])]),
        ]))
    }

    @Test("A streaming request addresses streamGenerateContent?alt=sse; a models/ prefix is not doubled")
    func streamingURL() throws {
        let chat = ChatRequest(model: "models/gemini-2.5-pro", messages: [.text(.user, "Hi")], stream: true)
        let proxy = UpstreamEndpoint(
            baseURL: "http://127.0.0.1:9000/v1beta",
            apiKey: "token-1",
            headers: ["X-Tenant": "acme"],
            queryItems: ["project": "p1"],
            authentication: .bearer
        )
        let request = try translator.makeHTTPRequest(for: chat, endpoint: proxy)
        #expect(request.url == "http://127.0.0.1:9000/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse&project=p1")
        #expect(request.header("authorization") == "Bearer token-1")
        #expect(request.header("x-goog-api-key") == nil)
        #expect(request.header("x-tenant") == "acme")
    }

    @Test(
        "Tool choice maps to functionCallingConfig",
        arguments: [
            (ToolChoice.auto, JSONValue.object(["mode": .string("AUTO")])),
            (ToolChoice.none, JSONValue.object(["mode": .string("NONE")])),
            (ToolChoice.required, JSONValue.object(["mode": .string("ANY")])),
            (ToolChoice.tool(name: "get_time"), JSONValue.object(["mode": .string("ANY"), "allowedFunctionNames": .array([.string("get_time")])])),
        ]
    )
    func toolChoice(choice: ToolChoice, expected: JSONValue) throws {
        let chat = ChatRequest(
            model: "gemini-2.5-flash",
            messages: [.text(.user, "What time is it?")],
            tools: [ToolDefinition(name: "get_time", inputSchema: .object(["type": .string("object")]))],
            toolChoice: choice
        )
        let body = try GeminiFixture.body(of: try translator.makeHTTPRequest(for: chat, endpoint: endpoint))
        #expect(body["toolConfig"] == .object(["functionCallingConfig": expected]))
        #expect(body["tools"] == .array([.object(["functionDeclarations": .array([.object(["name": .string("get_time")])])])]))
    }

    @Test("Reasoning effort without a budget becomes a level on Gemini 3 and a budget on Gemini 2.5", arguments: [
        ("gemini-3-pro-preview", "minimal", JSONValue.object(["includeThoughts": .bool(true), "thinkingLevel": .string("low")])),
        ("gemini-3-pro-preview", "medium", .object(["includeThoughts": .bool(true), "thinkingLevel": .string("high")])),
        ("gemini-2.5-flash", "low", .object(["includeThoughts": .bool(true), "thinkingBudget": .int(1024)])),
        ("gemini-2.5-pro", "high", .object(["includeThoughts": .bool(true), "thinkingBudget": .int(24576)])),
    ])
    func thinkingEffort(model: String, effort: String, expected: JSONValue) throws {
        let chat = ChatRequest(model: model, messages: [.text(.user, "Hi")], thinking: ThinkingConfiguration(effort: effort))
        let body = try GeminiFixture.body(of: try translator.makeHTTPRequest(for: chat, endpoint: endpoint))
        #expect(body["generationConfig"] == .object(["thinkingConfig": expected]))
    }

    @Test("A tool result whose tool_use_id answers no earlier tool use is an invalid request naming the id")
    func unknownToolUseID() throws {
        let chat = ChatRequest(
            model: "gemini-2.5-flash",
            messages: [
                .text(.user, "What's the weather?"),
                Message(role: .assistant, content: [.toolUse(ToolUse(id: "call_1", name: "get_weather", input: .object([:])))]),
                Message(role: .user, content: [.toolResult(ToolResult(toolUseID: "call_missing", content: [.text("sunny")]))]),
            ]
        )
        let error = try #require(throws: SwitchyardError.self) {
            try translator.makeHTTPRequest(for: chat, endpoint: endpoint)
        }
        #expect(error.code == .invalidRequest)
        #expect(error.message.contains("call_missing"))
    }

    @Test("Tool results sent as separate messages join one user turn, answering the parallel calls together")
    func parallelToolResultsShareOneTurn() throws {
        let chat = ChatRequest(
            model: "gemini-2.5-flash",
            messages: [
                .text(.user, "Weather in Boston and Paris?"),
                Message(role: .assistant, content: [
                    .toolUse(ToolUse(id: "a", name: "get_weather", input: .object(["location": .string("Boston")]))),
                    .toolUse(ToolUse(id: "b", name: "get_weather", input: .object(["location": .string("Paris")]))),
                ]),
                Message(role: .user, content: [.toolResult(ToolResult(toolUseID: "a", content: [.text("4°C")]))]),
                Message(role: .user, content: [.toolResult(ToolResult(toolUseID: "b", content: [.text("9°C")]))]),
            ]
        )
        let body = try GeminiFixture.body(of: try translator.makeHTTPRequest(for: chat, endpoint: endpoint))
        let contents = try #require(body["contents"]?.arrayValue)
        #expect(contents.count == 3)
        #expect(contents.last == .object([
            "role": .string("user"),
            "parts": .array([
                .object(["functionResponse": .object(["id": .string("a"), "name": .string("get_weather"), "response": .object(["result": .string("4°C")])])]),
                .object(["functionResponse": .object(["id": .string("b"), "name": .string("get_weather"), "response": .object(["result": .string("9°C")])])]),
            ]),
        ]))
    }

    @Test("Thought signatures decoded from a response go back on the parts they came on")
    func thoughtSignaturesRoundTrip() throws {
        let answer = try translator.decodeResponse(Array(#"""
            {"candidates": [{"content": {"role": "model", "parts": [
              {"text": "Thinking it over.", "thought": true, "thoughtSignature": "sig-thought"},
              {"text": "Here is the plan."},
              {"text": " Step one.", "thoughtSignature": "sig-text"},
              {"functionCall": {"id": "fc-9", "name": "run", "args": {}}, "thoughtSignature": "sig-call"}
            ]}, "finishReason": "STOP"}], "responseId": "r-1", "modelVersion": "gemini-3-pro-preview"}
            """#.utf8))
        let chat = ChatRequest(
            model: "gemini-3-pro-preview",
            messages: [
                .text(.user, "Plan it."),
                Message(role: .assistant, content: answer.content),
                Message(role: .user, content: [.toolResult(ToolResult(toolUseID: "fc-9", content: [.text("ok")]))]),
            ]
        )
        let body = try GeminiFixture.body(of: try translator.makeHTTPRequest(for: chat, endpoint: endpoint))
        let modelTurn = try #require(body["contents"]?.arrayValue?[1])
        #expect(modelTurn == .object([
            "role": .string("model"),
            "parts": .array([
                .object(["text": .string("Thinking it over."), "thought": .bool(true), "thoughtSignature": .string("sig-thought")]),
                .object(["text": .string("Here is the plan.")]),
                .object(["text": .string(" Step one."), "thoughtSignature": .string("sig-text")]),
                .object([
                    "functionCall": .object(["id": .string("fc-9"), "name": .string("run"), "args": .object([:])]),
                    "thoughtSignature": .string("sig-call"),
                ]),
            ]),
        ]))
    }
}
