import Logging
import SwitchyardCore
import SwitchyardEngine
import SwitchyardTesting
import Testing

@Suite("Routing over an alias's deployments")
struct ModelRouterTests {
    static let openAIReply = """
        {"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Hi there"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25,"prompt_tokens_details":{"cached_tokens":8}}}
        """

    static let openAIStream = [
        #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"# + "\n\n",
        #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}"# + "\n\ndata: ",
        #"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}"# + "\n\n",
        #"data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"# + "\n\n",
        "data: [DONE]\n\n",
    ]

    static func deployment(_ provider: String, host: String) -> Deployment {
        Deployment(provider: provider, kind: .openAI, model: "gpt-4o-mini", endpoint: UpstreamEndpoint(baseURL: "http://\(host)/v1", apiKey: "k"))
    }

    static func router(_ transport: ScriptedTransport, targets: [Deployment]) -> ModelRouter {
        let providers = targets.map { ProviderSettings(name: $0.provider, kind: $0.kind, endpoint: $0.endpoint) }
        let catalog = ModelCatalog(providers: providers, aliases: [ModelAlias(name: "fast", targets: targets)])
        return ModelRouter(catalog: catalog, client: ProviderClient(transport: transport), health: DeploymentHealth(catalog: catalog))
    }

    static func collect(_ events: ChatEventStream) async throws -> ChatResponse {
        var accumulator = ChatResponseAccumulator()
        for try await event in events { try accumulator.consume(event) }
        return accumulator.response
    }

    let context = CallContext(requestID: "req_test", principal: .anonymous, logger: Logger(label: "test"))
    let request = ChatRequest(model: "fast", messages: [.text(.user, "hello")])

    @Test("A retryable failure moves on to the next deployment, and both attempts are recorded")
    func failover() async throws {
        let transport = ScriptedTransport { request in
            if request.url.contains("primary") {
                return .json(status: 529, #"{"error":{"message":"Overloaded","type":"overloaded_error"}}"#)
            }
            return .json(Self.openAIReply)
        }
        let router = Self.router(transport, targets: [Self.deployment("primary", host: "primary"), Self.deployment("secondary", host: "secondary")])
        let response = try await Self.collect(router.route(request, context: context))
        #expect(response.text == "Hi there")
        #expect(response.usage == Usage(inputTokens: 12, cacheReadTokens: 8, outputTokens: 5))
        #expect(context.record.attempts.map(\.provider) == ["primary", "secondary"])
        #expect(context.record.attempts.map(\.failure) == ["upstream_unavailable", nil])
        #expect(context.record.answeringProvider == "secondary")
    }

    @Test("A stream that fails before its first content (a 200 with an error event) fails over invisibly")
    func failoverBeforeFirstContent() async throws {
        let transport = ScriptedTransport { request in
            if request.url.contains("primary") {
                return .eventStream([
                    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-haiku-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n",
                    "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n",
                ])
            }
            return .eventStream(Self.openAIStream)
        }
        var primary = Self.deployment("primary", host: "primary")
        primary.kind = .anthropic
        let router = Self.router(transport, targets: [primary, Self.deployment("secondary", host: "secondary")])
        var streamed = request
        streamed.stream = true
        let response = try await Self.collect(router.route(streamed, context: context))
        #expect(response.text == "Hello")
        #expect(context.record.attempts.map(\.provider) == ["primary", "secondary"])
        #expect(context.record.answeringProvider == "secondary")
    }

    @Test("An answer that is only a content-filter refusal goes to the content-policy fallback")
    func contentPolicyFallback() async throws {
        let refusal = #"{"id":"c","object":"chat.completion","created":1,"model":"strict","choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"content_filter"}],"usage":{"prompt_tokens":3,"completion_tokens":0,"total_tokens":3}}"#
        let transport = ScriptedTransport { request in
            request.url.contains("strict") ? .json(refusal) : .json(Self.openAIReply)
        }
        let strict = Self.deployment("strict", host: "strict")
        let lenient = Self.deployment("lenient", host: "lenient")
        var fast = ModelAlias(name: "fast", targets: [strict])
        fast.fallbacks.contentPolicy = "moderated"
        let catalog = ModelCatalog(
            providers: [strict, lenient].map { ProviderSettings(name: $0.provider, kind: $0.kind, endpoint: $0.endpoint) },
            aliases: [fast, ModelAlias(name: "moderated", targets: [lenient])]
        )
        let router = ModelRouter(catalog: catalog, client: ProviderClient(transport: transport), health: DeploymentHealth(catalog: catalog))
        let response = try await Self.collect(router.route(request, context: context))
        #expect(response.text == "Hi there")
        #expect(context.record.routingDecisions == ["content-policy refusal on fast: fell back to alias moderated"])

        // Without a fallback the refusal is the answer.
        let plain = ModelCatalog(providers: catalog.providers.values.map { $0 }, aliases: [ModelAlias(name: "fast", targets: [strict])])
        let plainRouter = ModelRouter(catalog: plain, client: ProviderClient(transport: transport), health: DeploymentHealth(catalog: plain))
        let refused = try await Self.collect(plainRouter.route(request, context: context))
        #expect(refused.stopReason == .contentFilter)
    }

    @Test("A non-retryable failure is final")
    func badRequestIsFinal() async throws {
        let transport = ScriptedTransport { _ in
            .json(status: 400, #"{"error":{"message":"Bad value for temperature","type":"invalid_request_error"}}"#)
        }
        let router = Self.router(transport, targets: [Self.deployment("primary", host: "primary"), Self.deployment("secondary", host: "secondary")])
        do {
            _ = try await router.route(request, context: context)
            Issue.record("Expected the 400 to be final")
        } catch let error as SwitchyardError {
            #expect(error.upstreamStatus == 400)
            #expect(error.message.contains("temperature"))
        }
        #expect(transport.requests.count == 1)
    }

    @Test("When every deployment fails, one error lists every attempt and keeps the last status")
    func exhausted() async throws {
        let transport = ScriptedTransport { _ in
            .json(status: 429, #"{"error":{"message":"Slow down","type":"rate_limit_error"}}"#, headers: [(name: "retry-after", value: "3")])
        }
        let router = Self.router(transport, targets: [Self.deployment("a", host: "a"), Self.deployment("b", host: "b")])
        do {
            _ = try await router.route(request, context: context)
            Issue.record("Expected failure")
        } catch let error as SwitchyardError {
            #expect(error.upstreamStatus == 429)
            #expect(error.retryAfter == .seconds(3))
            #expect(error.message.contains("a/gpt-4o-mini"))
            #expect(error.message.contains("b/gpt-4o-mini"))
            #expect(error.stage == .route)
        }
    }

    @Test("Unknown models and missing providers say what to do")
    func resolution() throws {
        let empty = ModelCatalog(providers: [], aliases: [])
        #expect(throws: SwitchyardError.self) { try empty.resolve("gpt-4o") }
        do {
            _ = try empty.resolve("gpt-4o")
        } catch let error as SwitchyardError {
            #expect(error.code == .noProviderConfigured)
            #expect(error.message.contains("OPENAI_API_KEY"))
        }
        let deployment = Self.deployment("openai", host: "api")
        let catalog = ModelCatalog(
            providers: [ProviderSettings(name: "openai", kind: .openAI, endpoint: deployment.endpoint)],
            aliases: [ModelAlias(name: "fast", targets: [deployment])]
        )
        do {
            _ = try catalog.resolve("nope")
            Issue.record("Expected modelNotFound")
        } catch let error as SwitchyardError {
            #expect(error.code == .modelNotFound)
            #expect(error.message.contains("fast"))
        }
        let direct = try catalog.resolve("openai/gpt-4.1")
        #expect(direct.deployments.map(\.model) == ["gpt-4.1"])
    }

    @Test("A streamed answer is decoded event by event")
    func streaming() async throws {
        let transport = ScriptedTransport { _ in .eventStream(Self.openAIStream) }
        var streamed = request
        streamed.stream = true
        let router = Self.router(transport, targets: [Self.deployment("openai", host: "api")])
        let response = try await Self.collect(router.route(streamed, context: context))
        #expect(response.text == "Hello")
        #expect(response.stopReason == .endTurn)
        #expect(response.usage == Usage(inputTokens: 3, outputTokens: 2))
    }
}
