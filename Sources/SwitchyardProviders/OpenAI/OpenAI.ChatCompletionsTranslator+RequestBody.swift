import SwitchyardCore

extension OpenAI.ChatCompletionsTranslator {
    /// The wire body for a canonical request.
    func makeRequestBody(for request: ChatRequest) throws -> OpenAI.ChatCompletionRequest {
        var messages: [OpenAI.ChatMessage] = []
        if let system = request.joinedSystemText {
            messages.append(OpenAI.ChatMessage(role: .system, content: .text(system)))
        }
        for (index, message) in request.messages.enumerated() {
            switch message.role {
            case .user: messages += try userMessages(message, index: index)
            case .assistant: messages.append(try assistantMessage(message, index: index))
            }
        }
        let tools = request.tools.map { tool in
            OpenAI.Tool(
                function: OpenAI.FunctionDefinition(
                    name: tool.name,
                    description: tool.description,
                    parameters: tool.inputSchema,
                    strict: tool.strict
                )
            )
        }
        return OpenAI.ChatCompletionRequest(
            model: request.model,
            messages: messages,
            tools: tools.isEmpty ? nil : tools,
            toolChoice: request.toolChoice.map(Self.toolChoice),
            parallelToolCalls: tools.isEmpty ? nil : request.parallelToolCalls,
            maxTokens: flavor == .compatible ? request.maxTokens : nil,
            maxCompletionTokens: flavor == .openAI ? request.maxTokens : nil,
            temperature: request.temperature,
            topP: request.topP,
            stop: request.stopSequences.isEmpty ? nil : .multiple(request.stopSequences),
            stream: request.stream ? true : nil,
            streamOptions: request.stream ? OpenAI.StreamOptions(includeUsage: true) : nil,
            responseFormat: request.responseFormat.map(Self.responseFormat),
            reasoningEffort: request.thinking.flatMap(Self.reasoningEffort),
            user: request.user
        )
    }

    /// A user turn: each tool result becomes a `tool` message (they must directly follow the assistant's
    /// `tool_calls`), then the text and images become one `user` message. Images inside tool results, which a
    /// `tool` message cannot hold, lead that user message.
    private func userMessages(_ message: Message, index: Int) throws -> [OpenAI.ChatMessage] {
        var toolMessages: [OpenAI.ChatMessage] = []
        var toolImages: [OpenAI.ContentPart] = []
        var parts: [OpenAI.ContentPart] = []
        for part in message.content {
            switch part {
            case .text(let text):
                parts.append(.text(text.text))
            case .image(let image):
                parts.append(.imageURL(Self.imageURL(image)))
            case .toolResult(let result):
                toolMessages.append(OpenAI.ChatMessage(role: .tool, content: .text(result.joinedText), toolCallID: result.toolUseID))
                for case .image(let image) in result.content {
                    toolImages.append(.imageURL(Self.imageURL(image)))
                }
            case .thinking, .redactedThinking:
                continue
            case .toolUse:
                throw SwitchyardError.invalidRequest("Message \(index) is a user turn holding a tool call; only assistant turns may call tools.", stage: .provider)
            }
        }
        let userParts = toolImages + parts
        if userParts.isEmpty && !toolMessages.isEmpty { return toolMessages }
        let content: OpenAI.MessageContent
        if userParts.isEmpty {
            content = .text("")
        } else if userParts.count == 1, case .text(let text) = userParts[0] {
            content = .text(text)
        } else {
            content = .parts(userParts)
        }
        return toolMessages + [OpenAI.ChatMessage(role: .user, content: content)]
    }

    /// An assistant turn: text joined into `content`, tool calls into `tool_calls` with arguments as compact
    /// JSON text; thinking is dropped.
    private func assistantMessage(_ message: Message, index: Int) throws -> OpenAI.ChatMessage {
        var text: String?
        var toolCalls: [OpenAI.ToolCall] = []
        for part in message.content {
            switch part {
            case .text(let part):
                text = (text ?? "") + part.text
            case .toolUse(let toolUse):
                let arguments = toolUse.input.stringValue ?? toolUse.input.compactJSONString
                toolCalls.append(OpenAI.ToolCall(id: toolUse.id, function: OpenAI.FunctionCall(name: toolUse.name, arguments: arguments)))
            case .thinking, .redactedThinking:
                continue
            case .image:
                throw SwitchyardError.invalidRequest("Message \(index) is an assistant turn holding an image, which Chat Completions cannot carry.", stage: .provider)
            case .toolResult:
                throw SwitchyardError.invalidRequest("Message \(index) is an assistant turn holding a tool result; tool results belong in user turns.", stage: .provider)
            }
        }
        if toolCalls.isEmpty {
            return OpenAI.ChatMessage(role: .assistant, content: .text(text ?? ""))
        }
        return OpenAI.ChatMessage(role: .assistant, content: text.map(OpenAI.MessageContent.text), toolCalls: toolCalls)
    }

    private static func imageURL(_ image: ImagePart) -> OpenAI.ImageURL {
        switch image.source {
        case .base64(let mediaType, let data): OpenAI.ImageURL(url: DataURL.make(mediaType: mediaType, base64: data))
        case .url(let url): OpenAI.ImageURL(url: url)
        }
    }

    private static func toolChoice(_ choice: SwitchyardCore.ToolChoice) -> OpenAI.ToolChoice {
        switch choice {
        case .auto: .auto
        case .none: .none
        case .required: .required
        case .tool(let name): .function(name: name)
        }
    }

    private static func responseFormat(_ format: SwitchyardCore.ResponseFormat) -> OpenAI.ResponseFormat {
        switch format {
        case .text: .text
        case .jsonObject: .jsonObject
        case .jsonSchema(let name, let schema, let strict): .jsonSchema(OpenAI.JSONSchemaFormat(name: name, schema: schema, strict: strict))
        }
    }

    /// `reasoning_effort` for a thinking configuration: the effort when the client named one, otherwise a
    /// token budget mapped onto OpenAI's levels (up to 1,024 → `low`, up to 8,192 → `medium`, more → `high`,
    /// the levels Gemini's own OpenAI-compatible endpoint uses). A zero budget asks for no reasoning and sends
    /// nothing.
    private static func reasoningEffort(_ thinking: ThinkingConfiguration) -> String? {
        if let effort = thinking.effort { return effort }
        guard let budget = thinking.budgetTokens, budget > 0 else { return nil }
        switch budget {
        case ...1024: return "low"
        case ...8192: return "medium"
        default: return "high"
        }
    }
}
