import SwitchyardCore

extension OpenAI.ChatCompletionsAPI {
    /// Validates a decoded body and maps it onto the canonical request.
    static func inboundCall(from wire: OpenAI.ChatCompletionRequest) throws -> InboundCall {
        guard !wire.model.isEmpty else {
            throw SwitchyardError.invalidRequest("Field `model` must not be empty.")
        }
        guard !wire.messages.isEmpty else {
            throw SwitchyardError.invalidRequest("Field `messages` must hold at least one message.")
        }
        if let n = wire.n, n != 1 {
            throw SwitchyardError.invalidRequest("Field `n` must be 1: Switchyard returns one choice per request.")
        }
        let maxTokens = wire.maxCompletionTokens ?? wire.maxTokens
        if let maxTokens, maxTokens < 1 {
            let field = wire.maxCompletionTokens == nil ? "max_tokens" : "max_completion_tokens"
            throw SwitchyardError.invalidRequest("Field `\(field)` must be at least 1.")
        }
        let (system, messages) = try conversation(from: wire.messages)
        let stream = wire.stream ?? false
        return InboundCall(
            request: ChatRequest(
                model: wire.model,
                system: system,
                messages: messages,
                tools: try tools(from: wire.tools ?? []),
                toolChoice: wire.toolChoice.map(toolChoice),
                parallelToolCalls: wire.parallelToolCalls,
                maxTokens: maxTokens,
                temperature: wire.temperature,
                topP: wire.topP,
                stopSequences: wire.stop?.sequences ?? [],
                responseFormat: wire.responseFormat.map(responseFormat),
                thinking: wire.reasoningEffort.map { ThinkingConfiguration(effort: $0) },
                stream: stream,
                user: wire.user,
                metadata: wire.metadata ?? [:]
            ),
            includeStreamUsage: stream && (wire.streamOptions?.includeUsage ?? false)
        )
    }

    /// System and developer messages become system blocks wherever they stand; a run of `tool` messages
    /// becomes one user turn of tool results.
    private static func conversation(from wire: [OpenAI.ChatMessage]) throws -> (system: [TextPart], messages: [Message]) {
        var system: [TextPart] = []
        var messages: [Message] = []
        var toolResults: [SwitchyardCore.ContentPart] = []
        for (index, message) in wire.enumerated() {
            let field = "messages[\(index)]"
            if message.role != .tool, !toolResults.isEmpty {
                messages.append(Message(role: .user, content: toolResults))
                toolResults = []
            }
            switch message.role {
            case .system, .developer:
                for part in try parts(message.content, field: field) {
                    guard case .text(let text) = part else {
                        throw SwitchyardError.invalidRequest("Field `\(field).content` of a \(message.role.rawValue) message may hold only text parts.")
                    }
                    system.append(text)
                }
            case .user:
                messages.append(Message(role: .user, content: try parts(message.content, field: field)))
            case .assistant:
                if let turn = try assistantMessage(message, field: field) { messages.append(turn) }
            case .tool:
                guard let id = message.toolCallID, !id.isEmpty else {
                    throw SwitchyardError.invalidRequest("Missing required field `\(field).tool_call_id`.")
                }
                let content = try parts(message.content, field: field)
                toolResults.append(.toolResult(ToolResult(toolUseID: id, content: content)))
            }
        }
        if !toolResults.isEmpty { messages.append(Message(role: .user, content: toolResults)) }
        guard !messages.isEmpty else {
            throw SwitchyardError.invalidRequest("Field `messages` must hold at least one user, assistant or tool message.")
        }
        return (system, messages)
    }

    /// An assistant turn: its text (and any earlier refusal) and its tool calls; `nil` when it holds neither.
    private static func assistantMessage(_ message: OpenAI.ChatMessage, field: String) throws -> Message? {
        var content: [SwitchyardCore.ContentPart] = []
        if message.content != nil { content = try parts(message.content, field: field) }
        if let refusal = message.refusal, !refusal.isEmpty { content.append(.text(refusal)) }
        for (index, call) in (message.toolCalls ?? []).enumerated() {
            let callField = "\(field).tool_calls[\(index)]"
            guard let id = call.id, !id.isEmpty else {
                throw SwitchyardError.invalidRequest("Missing required field `\(callField).id`.")
            }
            if let type = call.type, type != "function" {
                throw SwitchyardError.invalidRequest("Field `\(callField).type`: `\(type)` is not supported; expected `function`.")
            }
            let input = try arguments(call.function.arguments, field: "\(callField).function.arguments")
            content.append(.toolUse(ToolUse(id: id, name: call.function.name, input: input)))
        }
        return content.isEmpty ? nil : Message(role: .assistant, content: content)
    }

    /// Tool-call arguments: a string of JSON (empty means none); an object is accepted as it is.
    private static func arguments(_ value: JSONValue, field: String) throws -> JSONValue {
        switch value {
        case .string(let text):
            if text.allSatisfy(\.isWhitespace) { return .object([:]) }
            do {
                return try JSONValue(parsing: text)
            } catch {
                throw SwitchyardError.invalidRequest("Field `\(field)` is not valid JSON.")
            }
        case .object:
            return value
        default:
            throw SwitchyardError.invalidRequest("Field `\(field)` has the wrong type: expected a string of JSON.")
        }
    }

    /// The canonical parts of a message's `content`.
    private static func parts(_ content: OpenAI.MessageContent?, field: String) throws -> [SwitchyardCore.ContentPart] {
        switch content {
        case nil:
            throw SwitchyardError.invalidRequest("Missing required field `\(field).content`.")
        case .text(let text)?:
            return [.text(text)]
        case .parts(let parts)?:
            return try parts.enumerated().map { index, part in
                switch part {
                case .text(let text), .refusal(let text):
                    return .text(text)
                case .imageURL(let image):
                    return .image(ImagePart(source: try imageSource(image.url, field: "\(field).content[\(index)].image_url.url")))
                }
            }
        }
    }

    private static func imageSource(_ url: String, field: String) throws -> ImagePart.Source {
        guard url.hasPrefix("data:") else { return .url(url) }
        guard let (mediaType, data) = DataURL.parse(url) else {
            throw SwitchyardError.invalidRequest("Field `\(field)` is not a valid base64 data URL (`data:image/png;base64,…`).")
        }
        return .base64(mediaType: mediaType, data: data)
    }

    private static func tools(from wire: [OpenAI.Tool]) throws -> [ToolDefinition] {
        try wire.enumerated().map { index, tool in
            guard tool.type == "function" else {
                throw SwitchyardError.invalidRequest("Field `tools[\(index)].type`: `\(tool.type)` is not supported; expected `function`.")
            }
            guard let function = tool.function else {
                throw SwitchyardError.invalidRequest("Missing required field `tools[\(index)].function`.")
            }
            guard !function.name.isEmpty else {
                throw SwitchyardError.invalidRequest("Field `tools[\(index)].function.name` must not be empty.")
            }
            return ToolDefinition(
                name: function.name,
                description: function.description,
                inputSchema: function.parameters ?? .object(["type": .string("object"), "properties": .object([:])]),
                strict: function.strict
            )
        }
    }

    private static func toolChoice(_ choice: OpenAI.ToolChoice) -> SwitchyardCore.ToolChoice {
        switch choice {
        case .auto: .auto
        case .none: .none
        case .required: .required
        case .function(let name): .tool(name: name)
        }
    }

    private static func responseFormat(_ format: OpenAI.ResponseFormat) -> SwitchyardCore.ResponseFormat {
        switch format {
        case .text: .text
        case .jsonObject: .jsonObject
        case .jsonSchema(let schema): .jsonSchema(name: schema.name, schema: schema.schema ?? .object([:]), strict: schema.strict)
        }
    }
}
