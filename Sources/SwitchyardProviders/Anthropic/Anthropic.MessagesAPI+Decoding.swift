import SwitchyardCore

extension Anthropic.MessagesAPI {
    /// The canonical request for a decoded Messages request, after the checks the types cannot express.
    ///
    /// Only what would make the request meaningless is refused; conversation shape (which role comes first,
    /// alternation) is left for the upstream to judge.
    static func chatRequest(from wire: Anthropic.MessagesRequest) throws -> ChatRequest {
        guard !wire.model.isEmpty else {
            throw SwitchyardError.invalidRequest("Field `model` must not be empty.")
        }
        guard wire.maxTokens >= 1 else {
            throw SwitchyardError.invalidRequest("Field `max_tokens` must be at least 1.")
        }
        guard !wire.messages.isEmpty else {
            throw SwitchyardError.invalidRequest("Field `messages` must contain at least one message.")
        }
        let messages = try wire.messages.enumerated().map { index, message in
            SwitchyardCore.Message(role: message.role, content: try content(of: message.content, path: "messages[\(index)].content"))
        }
        let (toolChoice, parallelToolCalls) = try toolChoice(wire.toolChoice)
        return ChatRequest(
            model: wire.model,
            system: system(wire.system),
            messages: messages,
            tools: (wire.tools ?? []).map { tool in
                ToolDefinition(
                    name: tool.name,
                    description: tool.description,
                    inputSchema: tool.inputSchema,
                    cacheControl: tool.cacheControl?.canonical
                )
            },
            toolChoice: toolChoice,
            parallelToolCalls: parallelToolCalls,
            maxTokens: wire.maxTokens,
            temperature: wire.temperature,
            topP: wire.topP,
            topK: wire.topK,
            stopSequences: wire.stopSequences ?? [],
            thinking: thinking(wire.thinking),
            stream: wire.stream ?? false,
            user: wire.metadata?.userID
        )
    }

    private static func system(_ system: Anthropic.SystemPrompt?) -> [TextPart] {
        switch system {
        case nil: []
        case .text(let text): text.isEmpty ? [] : [TextPart(text: text)]
        case .blocks(let blocks): blocks.map { TextPart(text: $0.text, cacheControl: $0.cacheControl?.canonical) }
        }
    }

    private static func content(of content: Anthropic.MessageContent, path: String) throws -> [ContentPart] {
        switch content {
        case .text(let text):
            return [.text(text)]
        case .blocks(let blocks):
            for (index, block) in blocks.enumerated() {
                guard case .toolResult(let result) = block, case .blocks(let inner) = result.content else { continue }
                for (innerIndex, innerBlock) in inner.enumerated() {
                    switch innerBlock {
                    case .text, .image: continue
                    default:
                        throw SwitchyardError.invalidRequest(
                            "Field `\(path)[\(index)].content[\(innerIndex)]` must be a `text` or `image` block."
                        )
                    }
                }
            }
            return blocks.map(\.canonical)
        }
    }

    private static func toolChoice(_ choice: Anthropic.ToolChoice?) throws -> (SwitchyardCore.ToolChoice?, Bool?) {
        guard let choice else { return (nil, nil) }
        let parallel: Bool? = choice.disableParallelToolUse == true ? false : nil
        switch choice.type {
        case "auto": return (.auto, parallel)
        case "any": return (.required, parallel)
        case "none": return (SwitchyardCore.ToolChoice.none, nil)
        case "tool":
            guard let name = choice.name, !name.isEmpty else {
                throw SwitchyardError.invalidRequest("Field `tool_choice.name` is required when `tool_choice.type` is `tool`.")
            }
            return (.tool(name: name), parallel)
        default:
            throw SwitchyardError.invalidRequest(
                "Field `tool_choice.type` must be `auto`, `any`, `tool` or `none`, not `\(choice.type)`."
            )
        }
    }

    private static func thinking(_ thinking: Anthropic.ThinkingConfig?) -> ThinkingConfiguration? {
        switch thinking {
        case .enabled(let budgetTokens): ThinkingConfiguration(budgetTokens: budgetTokens)
        case .disabled, nil: nil
        }
    }
}
