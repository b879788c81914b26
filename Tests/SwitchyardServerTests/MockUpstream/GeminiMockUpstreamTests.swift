import SwitchyardCore
import SwitchyardTesting
import Testing

@Suite("Mock upstream: Gemini generateContent")
struct GeminiMockUpstreamTests {
    let client = MockUpstreamClient()

    private func url(_ mock: MockUpstream.Handle, _ method: String, query: String = "") -> String {
        mock.baseURL + "/v1beta/models/gemini-2.5-flash:" + method + query
    }

    /// Posts `body` to the model method `method` with an API key.
    private func post(_ mock: MockUpstream.Handle, _ method: String, body: String) async throws -> MockUpstreamClient.Answer {
        try await client.post(url(mock, method), headers: MockUpstreamFixtures.geminiHeaders, body: body)
    }

    @Test("generateContent answers the reply text with Gemini's usage convention")
    func generateContent() async throws {
        try await MockUpstream.withRunning(.init(provider: .gemini)) { mock in
            let answer = try await post(mock, "generateContent", body: MockUpstreamFixtures.geminiContents())
            #expect(answer.status == 200)
            let json = try answer.json
            let candidate = json["candidates"]?.mockItem(0)
            #expect(candidate?["content"]?["role"] == .string("model"))
            #expect(candidate?["content"]?["parts"] == .array([.object(["text": .string("Hello from the mock Gemini upstream.")])]))
            #expect(candidate?["finishReason"] == .string("STOP"))
            #expect(json["modelVersion"] == .string("gemini-2.5-flash"))
            let usage = json["usageMetadata"]
            #expect(usage?["promptTokenCount"] == .int(20))
            #expect(usage?["cachedContentTokenCount"] == .int(8))
            #expect(usage?["candidatesTokenCount"] == .int(5))
            #expect(usage?["thoughtsTokenCount"] == nil)
            #expect(usage?["totalTokenCount"] == .int(25))
            #expect(mock.expectedUsage == Usage(inputTokens: 12, cacheReadTokens: 8, outputTokens: 5))
        }
    }

    @Test("Reasoning tokens are reported apart from candidates, as thoughtsTokenCount")
    func thoughts() async throws {
        var configuration = MockUpstream.Configuration(provider: .gemini)
        configuration.behavior.usage = Usage(inputTokens: 10, outputTokens: 30, reasoningTokens: 20)
        try await MockUpstream.withRunning(configuration) { mock in
            let answer = try await post(mock, "generateContent", body: MockUpstreamFixtures.geminiContents())
            let usage = try answer.json["usageMetadata"]
            #expect(usage?["candidatesTokenCount"] == .int(10))
            #expect(usage?["thoughtsTokenCount"] == .int(20))
            #expect(usage?["cachedContentTokenCount"] == nil)
            #expect(usage?["totalTokenCount"] == .int(40))
        }
    }

    @Test("streamGenerateContent with alt=sse sends data chunks, usage on each, STOP on the last")
    func streamSSE() async throws {
        try await MockUpstream.withRunning(.init(provider: .gemini)) { mock in
            let answer = try await client.post(
                url(mock, "streamGenerateContent", query: "?alt=sse"),
                headers: MockUpstreamFixtures.geminiHeaders,
                body: MockUpstreamFixtures.geminiContents()
            )
            #expect(answer.header("content-type") == "text/event-stream")
            #expect(String(decoding: answer.body, as: UTF8.self).hasSuffix("\r\n\r\n"))
            let chunks = try answer.eventPayloads
            #expect(chunks.count == 4)
            let text = chunks.compactMap { $0["candidates"]?.mockItem(0)?["content"]?["parts"]?.mockItem(0)?["text"]?.stringValue }
            #expect(text.joined() == "Hello from the mock Gemini upstream.")
            #expect(chunks.allSatisfy { $0["usageMetadata"]?["promptTokenCount"] == .int(20) })
            #expect(chunks.dropLast().allSatisfy { $0["candidates"]?.mockItem(0)?["finishReason"] == nil })
            #expect(chunks.last?["candidates"]?.mockItem(0)?["finishReason"] == .string("STOP"))
            #expect(chunks.last?["usageMetadata"]?["candidatesTokenCount"] == .int(5))
            #expect(chunks.last?["usageMetadata"]?["totalTokenCount"] == .int(25))
        }
    }

    @Test("streamGenerateContent without alt=sse answers one JSON array")
    func streamJSONArray() async throws {
        try await MockUpstream.withRunning(.init(provider: .gemini)) { mock in
            let answer = try await post(mock, "streamGenerateContent", body: MockUpstreamFixtures.geminiContents())
            let array = try #require(try answer.json.arrayValue)
            #expect(array.count == 4)
            #expect(array.last?["candidates"]?.mockItem(0)?["finishReason"] == .string("STOP"))
        }
    }

    @Test("Function declarations produce one functionCall with an id; a functionResponse is quoted")
    func functionCalling() async throws {
        try await MockUpstream.withRunning(.init(provider: .gemini)) { mock in
            let call = try await post(mock, "generateContent", body: MockUpstreamFixtures.geminiContents(tools: true))
            let part = try call.json["candidates"]?.mockItem(0)?["content"]?["parts"]?.mockItem(0)
            #expect(part?["functionCall"]?["id"] == .string("fc_mock_1"))
            #expect(part?["functionCall"]?["name"] == .string("get_weather"))
            #expect(part?["functionCall"]?["args"] == .object(["location": .string("Paris"), "unit": .string("celsius"), "days": .int(1)]))

            let body = #"""
                {"contents":[{"role":"user","parts":[{"text":"Weather?"}]},
                  {"role":"model","parts":[{"functionCall":{"id":"fc_1","name":"get_weather","args":{}}}]},
                  {"role":"user","parts":[{"functionResponse":{"id":"fc_1","name":"get_weather","response":{"result":"18°C"}}}]}],
                 "tools":[{"function_declarations":[{"name":"get_weather","parameters":{"type":"OBJECT"}}]}]}
                """#
            let answer = try await post(mock, "generateContent", body: body)
            let text = try answer.json["candidates"]?.mockItem(0)?["content"]?["parts"]?.mockItem(0)?["text"]
            #expect(text == .string("The tool said: 18°C"))
        }
    }

    @Test("Gemini's own refusals: no key, no contents, a bad role, malformed JSON; the key may be a query parameter")
    func refusals() async throws {
        try await MockUpstream.withRunning(.init(provider: .gemini)) { mock in
            let noKey = try await client.post(url(mock, "generateContent"), body: MockUpstreamFixtures.geminiContents())
            #expect(noKey.status == 403)
            #expect(try noKey.json["error"]?["status"] == .string("PERMISSION_DENIED"))
            #expect(try noKey.json["error"]?["code"] == .int(403))

            let queryKey = try await client.post(url(mock, "generateContent", query: "?key=abc"), body: MockUpstreamFixtures.geminiContents())
            #expect(queryKey.status == 200)

            let noContents = try await post(mock, "generateContent", body: "{}")
            #expect(noContents.status == 400)
            #expect(try noContents.json["error"]?["status"] == .string("INVALID_ARGUMENT"))

            let badRole = try await client.post(
                url(mock, "generateContent"),
                headers: MockUpstreamFixtures.geminiHeaders,
                body: #"{"contents":[{"role":"assistant","parts":[{"text":"x"}]}]}"#
            )
            #expect(badRole.status == 400)
            #expect(try badRole.json["error"]?["message"] == .string("Please use a valid role: user, model."))

            let malformed = try await post(mock, "generateContent", body: "[1,")
            #expect(malformed.status == 400)
            #expect(try malformed.json["error"]?["message"]?.stringValue?.hasPrefix("Invalid JSON payload received.") == true)
        }
    }
}
