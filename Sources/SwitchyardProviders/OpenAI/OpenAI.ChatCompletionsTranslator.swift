import SwitchyardCore

extension OpenAI {
    /// Speaks Chat Completions to an upstream: OpenAI itself or, with ``Flavor/compatible``, any server that
    /// imitates it (vLLM, Ollama, llama.cpp, DeepSeek, Together, Groq, Azure OpenAI).
    ///
    /// ```swift
    /// let translator = OpenAI.ChatCompletionsTranslator(flavor: .openAI)
    /// let request = try translator.makeHTTPRequest(for: chatRequest, endpoint: endpoint)
    /// ```
    ///
    /// What the canonical request holds that Chat Completions cannot say is dropped: thinking parts (OpenAI
    /// keeps reasoning server-side), `top_k`, cache breakpoints (OpenAI caches implicitly) and `metadata`
    /// (Switchyard's own; OpenAI accepts it only for stored completions).
    public struct ChatCompletionsTranslator: ProviderTranslator {
        /// The server dialect.
        public var flavor: Flavor

        /// Creates a translator for one server dialect.
        public init(flavor: Flavor = .openAI) {
            self.flavor = flavor
        }

        /// Builds `POST {base}/chat/completions`.
        ///
        /// The key goes in `authorization: Bearer …`, or in `api-key` when the endpoint asks for
        /// ``UpstreamEndpoint/Authentication/apiKeyHeader`` (Azure); the endpoint's query items (Azure's
        /// `api-version`) and extra headers are added.
        ///
        /// - Throws: ``SwitchyardError`` (`invalid_request`) when a message holds a part Chat Completions cannot
        ///   carry in that role (an image in an assistant turn, a tool call in a user turn).
        public func makeHTTPRequest(for request: ChatRequest, endpoint: UpstreamEndpoint) throws -> UpstreamHTTPRequest {
            let body = try makeRequestBody(for: request)
            var headers: [(name: String, value: String)] = [
                ("content-type", "application/json"),
                ("accept", request.stream ? "text/event-stream" : "application/json"),
            ]
            if let key = endpoint.apiKey {
                switch endpoint.authentication {
                case .apiKeyHeader: headers.append(("api-key", key))
                case .bearer, .providerDefault: headers.append(("authorization", "Bearer \(key)"))
                }
            }
            for (name, value) in endpoint.headers.sorted(by: { $0.key < $1.key }) {
                headers.append((name.lowercased(), value))
            }
            return UpstreamHTTPRequest(
                method: "POST",
                url: endpoint.url(path: "chat/completions"),
                headers: headers,
                body: body.writtenJSON ?? WireJSON.encode(body)
            )
        }

        /// Decodes a `chat.completion` body.
        ///
        /// - Throws: ``SwitchyardError/upstreamProtocol(_:cause:)`` when the body is not a chat completion, has no
        ///   choice, or (for ``Flavor/openAI``) lacks its `id` or `model`.
        public func decodeResponse(_ body: [UInt8]) throws -> ChatResponse {
            let completion = try ChatCompletion(scanning: body)
                ?? WireJSON.decodeUpstream(ChatCompletion.self, from: body, what: "chat completion")
            guard let choice = completion.choices.first else {
                throw SwitchyardError.upstreamProtocol("The upstream sent a chat completion without choices.")
            }
            let message = choice.message
            var content: [SwitchyardCore.ContentPart] = []
            if let reasoning = message.reasoningContent ?? message.reasoning, !reasoning.isEmpty {
                content.append(.thinking(Thinking(text: reasoning)))
            }
            if let text = message.content, !text.isEmpty {
                content.append(.text(text))
            }
            var refused = false
            if let refusal = message.refusal, !refusal.isEmpty {
                content.append(.text(refusal))
                refused = true
            }
            for (index, call) in (message.toolCalls ?? []).enumerated() {
                let id = try flavor.toolCallID(call.id)
                let input = try flavor.toolInput(call.function.arguments, field: "choices[0].message.tool_calls[\(index)].function.arguments")
                content.append(.toolUse(ToolUse(id: id, name: call.function.name, input: input)))
            }
            let stopReason = refused ? .refusal : choice.finishReason.map(OpenAI.stopReason(forFinishReason:))
            return ChatResponse(
                id: try flavor.completionID(completion.id),
                model: try flavor.modelName(completion.model),
                content: content,
                stopReason: stopReason,
                usage: completion.usage?.canonical ?? .zero
            )
        }

        /// A decoder for one `chat.completion.chunk` stream.
        public func makeStreamDecoder() -> any UpstreamStreamDecoder {
            ChatCompletionsStreamDecoder(flavor: flavor)
        }

        /// Reads an error envelope: keeps the status, the upstream's `type` (or `code`), its message and
        /// `Retry-After`; `context_length_exceeded` becomes ``SwitchyardError/Code/contextWindowExceeded``.
        public func decodeError(status: Int, headers: [(name: String, value: String)], body: [UInt8]) -> SwitchyardError {
            OpenAI.upstreamError(status: status, headers: headers, body: body)
        }
    }
}
