import AsyncHTTPClient
import SwitchyardCore
import SwitchyardTesting
import Testing

@Suite("Mock upstream: injected faults")
struct MockUpstreamFaultTests {
    let client = MockUpstreamClient()

    private func openAI(_ mock: MockUpstream.Handle, stream: Bool = false, fault: String? = nil) async throws -> MockUpstreamClient.Answer {
        var headers = MockUpstreamFixtures.openAIHeaders
        if let fault { headers.append((MockUpstream.Faults.headerName, fault)) }
        return try await client.post(
            mock.baseURL + "/v1/chat/completions",
            headers: headers,
            body: MockUpstreamFixtures.openAIChat(stream: stream, includeUsage: stream)
        )
    }

    @Test("429 comes with Retry-After and each provider's rate-limit envelope")
    func rateLimited() async throws {
        let faults = MockUpstream.Faults(status: 429, retryAfter: .seconds(2))
        try await MockUpstream.withRunning(.init(provider: .openAI, faults: faults)) { mock in
            let answer = try await openAI(mock)
            #expect(answer.status == 429)
            #expect(answer.header("retry-after") == "2")
            #expect(try answer.json["error"]?["type"] == .string("requests"))
            #expect(try answer.json["error"]?["code"] == .string("rate_limit_exceeded"))
        }
        try await MockUpstream.withRunning(.init(provider: .anthropic, faults: faults)) { mock in
            let answer = try await client.post(
                mock.baseURL + "/v1/messages",
                headers: MockUpstreamFixtures.anthropicHeaders,
                body: MockUpstreamFixtures.anthropicMessages()
            )
            #expect(answer.status == 429)
            #expect(answer.header("retry-after") == "2")
            #expect(try answer.json["type"] == .string("error"))
            #expect(try answer.json["error"]?["type"] == .string("rate_limit_error"))
        }
        try await MockUpstream.withRunning(.init(provider: .gemini, faults: faults)) { mock in
            let answer = try await client.post(
                mock.baseURL + "/v1beta/models/gemini-2.5-flash:generateContent",
                headers: MockUpstreamFixtures.geminiHeaders,
                body: MockUpstreamFixtures.geminiContents()
            )
            #expect(answer.status == 429)
            let error = try answer.json["error"]
            #expect(error?["code"] == .int(429))
            #expect(error?["status"] == .string("RESOURCE_EXHAUSTED"))
            #expect(error?["details"]?.mockItem(0)?["@type"] == .string("type.googleapis.com/google.rpc.RetryInfo"))
            #expect(error?["details"]?.mockItem(0)?["retryDelay"] == .string("2s"))
        }
    }

    @Test("Server-side statuses use each provider's documented error types", arguments: [
        (ProviderKind.anthropic, 529, "overloaded_error"),
        (ProviderKind.anthropic, 500, "api_error"),
        (ProviderKind.openAI, 500, "server_error"),
        (ProviderKind.openAI, 503, "server_error"),
        (ProviderKind.gemini, 503, "UNAVAILABLE"),
        (ProviderKind.gemini, 500, "INTERNAL"),
    ])
    func serverErrors(provider: ProviderKind, status: Int, type: String) async throws {
        try await MockUpstream.withRunning(.init(provider: provider, faults: .init(status: status))) { mock in
            let answer: MockUpstreamClient.Answer
            let errorType: JSONValue?
            switch provider {
            case .anthropic:
                answer = try await client.post(
                    mock.baseURL + "/v1/messages",
                    headers: MockUpstreamFixtures.anthropicHeaders,
                    body: MockUpstreamFixtures.anthropicMessages()
                )
                errorType = try answer.json["error"]?["type"]
            case .gemini:
                answer = try await client.post(
                    mock.baseURL + "/v1beta/models/m:generateContent",
                    headers: MockUpstreamFixtures.geminiHeaders,
                    body: MockUpstreamFixtures.geminiContents()
                )
                errorType = try answer.json["error"]?["status"]
            case .openAI, .openAICompatible:
                answer = try await openAI(mock)
                errorType = try answer.json["error"]?["type"]
            }
            #expect(answer.status == status)
            #expect(answer.header("retry-after") == nil)
            #expect(errorType == .string(type))
        }
    }

    @Test("failFirst fails the first N requests, then answers; replacing faults restarts the count")
    func failFirst() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI, faults: .init(status: 503, failFirst: 2))) { mock in
            var statuses: [Int] = []
            for _ in 0..<3 { statuses.append(try await openAI(mock).status) }
            #expect(statuses == [503, 503, 200])
            mock.setFaults(.init(status: 500, failFirst: 1))
            #expect(try await openAI(mock).status == 500)
            #expect(try await openAI(mock).status == 200)
            mock.setFaults(.init())
            #expect(try await openAI(mock).status == 200)
        }
    }

    @Test("A fault header applies to its request only, counting fail-first per header value")
    func headerFaults() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI)) { mock in
            #expect(try await openAI(mock, fault: "status=429;retry-after=1;fail-first=1").status == 429)
            #expect(try await openAI(mock, fault: "status=429;retry-after=1;fail-first=1").status == 200)
            #expect(try await openAI(mock).status == 200)
            let invalid = try await openAI(mock, fault: "explode")
            #expect(invalid.status == 400)
            #expect(try invalid.json["error"]?["message"]?.stringValue?.contains("explode") == true)
        }
    }

    @Test("Latency delays the answer by at least the configured time")
    func latency() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI, faults: .init(latency: .milliseconds(200)))) { mock in
            let start = ContinuousClock.now
            let answer = try await openAI(mock)
            #expect(answer.status == 200)
            #expect(ContinuousClock.now - start >= .milliseconds(200))
        }
    }

    @Test("A reset before the response is a client error, and the mock keeps serving")
    func resetBeforeResponse() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI, faults: .init(failFirst: 1, disconnect: .beforeResponse))) { mock in
            await #expect(throws: (any Error).self) { try await openAI(mock) }
            let retried = try await openAI(mock)
            #expect(retried.status == 200)
            #expect(mock.requests.count == 2)
        }
    }

    @Test("A reset mid-stream breaks the body after the head was sent")
    func resetMidStream() async throws {
        try await MockUpstream.withRunning(.init(provider: .anthropic)) { mock in
            await #expect(throws: (any Error).self) {
                try await client.post(
                    mock.baseURL + "/v1/messages",
                    headers: MockUpstreamFixtures.anthropicHeaders + [(MockUpstream.Faults.headerName, "reset-after=2")],
                    body: MockUpstreamFixtures.anthropicMessages(stream: true)
                )
            }
            #expect(mock.requests.count == 1)
        }
    }

    @Test("A stall holds the stream open until the client's read timeout gives up")
    func stall() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(2), read: .milliseconds(300))
        try await HTTPClient.withHTTPClient(configuration: configuration) { httpClient in
            try await MockUpstream.withRunning(.init(provider: .gemini, faults: .init(stallAfterChunks: 2))) { mock in
                let start = ContinuousClock.now
                await #expect(throws: HTTPClientError.readTimeout) {
                    try await MockUpstreamClient(client: httpClient).post(
                        mock.baseURL + "/v1beta/models/m:streamGenerateContent?alt=sse",
                        headers: MockUpstreamFixtures.geminiHeaders,
                        body: MockUpstreamFixtures.geminiContents()
                    )
                }
                #expect(ContinuousClock.now - start >= .milliseconds(300))
            }
        }
    }

    @Test("A malformed chunk is invalid JSON in a data line; the rest of the stream follows")
    func malformedChunk() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI, faults: .init(malformedAfterChunks: 1))) { mock in
            let answer = try await openAI(mock, stream: true)
            let data = answer.events.map(\.data)
            #expect(data.count == 9)
            #expect(throws: (any Error).self) { try JSONValue(parsing: data[1]) }
            #expect(data.enumerated().filter { $0.offset != 1 && $0.element != "[DONE]" }.allSatisfy { (try? JSONValue(parsing: $0.element)) != nil })
            #expect(data.last == "[DONE]")
        }
    }

    @Test("A slow stream waits between chunks")
    func chunkDelay() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI, faults: .init(chunkDelay: .milliseconds(30)))) { mock in
            let start = ContinuousClock.now
            let answer = try await openAI(mock, stream: true)
            #expect(answer.events.count == 8)
            #expect(ContinuousClock.now - start >= .milliseconds(30 * 7))
        }
    }

    @Test("Behaviour changes at runtime")
    func runtimeBehaviour() async throws {
        try await MockUpstream.withRunning(.init(provider: .openAI)) { mock in
            mock.updateBehavior {
                $0.replyText = "Bonjour"
                $0.usage = Usage(inputTokens: 3, outputTokens: 2)
            }
            let json = try await openAI(mock).json
            #expect(json["choices"]?.mockItem(0)?["message"]?["content"] == .string("Bonjour"))
            #expect(json["usage"]?["prompt_tokens"] == .int(3))
            #expect(mock.behavior.replyText == "Bonjour")
        }
    }

    @Test("Fault specifications parse and print back")
    func specifications() throws {
        let faults = try MockUpstream.Faults(
            parsing: " status=529 ; retry-after=1.5, fail-first=2;latency-ms=10;reset-after=3;stall-after=1;stall-ms=500;"
                + "malformed-after=4;chunk-delay-ms=5"
        )
        #expect(faults.status == 529)
        #expect(faults.retryAfter == .milliseconds(1500))
        #expect(faults.failFirst == 2)
        #expect(faults.latency == .milliseconds(10))
        #expect(faults.disconnect == .afterChunks(3))
        #expect(faults.stallAfterChunks == 1)
        #expect(faults.stallTimeout == .milliseconds(500))
        #expect(faults.malformedAfterChunks == 4)
        #expect(faults.chunkDelay == .milliseconds(5))
        #expect(try MockUpstream.Faults(parsing: faults.specification) == faults)
        #expect(try MockUpstream.Faults(parsing: "reset").disconnect == .beforeResponse)
        #expect(try MockUpstream.Faults(parsing: "").isEmpty)
        #expect(throws: MockUpstream.FaultSpecificationError.self) { try MockUpstream.Faults(parsing: "status=200") }
        #expect(throws: MockUpstream.FaultSpecificationError.self) { try MockUpstream.Faults(parsing: "latency-ms=soon") }
    }
}
