import SwitchyardCore

extension Anthropic.MessagesTranslator {
    /// The Messages request for a canonical one.
    ///
    /// Choices where the canonical request says more or less than Anthropic's classic API can:
    /// - `max_tokens` is the client's limit, or ``defaultMaxTokens`` (plus the thinking budget) when it gave none.
    /// - ``ResponseFormat/jsonObject`` and ``ResponseFormat/jsonSchema(name:schema:strict:)`` have no native
    ///   counterpart: they become a last system block, "Respond only with a valid JSON object, with no other text."
    ///   or "Respond only with JSON matching this schema: `SCHEMA`".
    /// - A thinking effort without a budget maps through ``effortBudgets``; when the client also set `max_tokens`,
    ///   the budget is lowered to fit below it (never under 1024). Effort `none` sends `{"type": "disabled"}`.
    /// - ``ChatRequest/parallelToolCalls`` `false` becomes `disable_parallel_tool_use: true`; `tool_choice` is
    ///   only sent alongside tools.
    /// - Thinking parts without a signature are dropped (see ``Anthropic/ContentBlock``), and so is a message
    ///   left empty by that. `metadata` other than the end user has no Anthropic field and is not sent.
    ///
    /// - Throws: ``SwitchyardError`` `invalidRequest` for a thinking effort with no known budget.
    public func messagesRequest(for request: ChatRequest) throws -> Anthropic.MessagesRequest {
        let thinking = try thinkingConfig(for: request)
        var maxTokens = request.maxTokens ?? Self.defaultMaxTokens
        if request.maxTokens == nil, case .enabled(let budget) = thinking {
            maxTokens += budget
        }
        return Anthropic.MessagesRequest(
            model: request.model,
            maxTokens: maxTokens,
            messages: request.messages.compactMap { message in
                let blocks = message.content.compactMap(Anthropic.ContentBlock.init)
                return blocks.isEmpty ? nil : Anthropic.MessageParam(role: message.role, content: .blocks(blocks))
            },
            system: systemPrompt(for: request),
            tools: request.tools.isEmpty ? nil : request.tools.map(tool),
            toolChoice: request.tools.isEmpty ? nil : toolChoice(for: request),
            stopSequences: request.stopSequences.isEmpty ? nil : request.stopSequences,
            temperature: request.temperature,
            topP: request.topP,
            topK: request.topK,
            stream: request.stream ? true : nil,
            thinking: thinking,
            metadata: request.user.map { Anthropic.Metadata(userID: $0) }
        )
    }

    private func systemPrompt(for request: ChatRequest) -> Anthropic.SystemPrompt? {
        var blocks = request.system.map { part in
            Anthropic.TextBlock(text: part.text, cacheControl: part.cacheControl.map(Anthropic.CacheControlEphemeral.init))
        }
        switch request.responseFormat {
        case .jsonObject:
            blocks.append(Anthropic.TextBlock(text: "Respond only with a valid JSON object, with no other text."))
        case .jsonSchema(_, let schema, _):
            blocks.append(Anthropic.TextBlock(text: "Respond only with JSON matching this schema: \(schema.compactJSONString)"))
        case .text, nil:
            break
        }
        return blocks.isEmpty ? nil : .blocks(blocks)
    }

    private func tool(_ definition: ToolDefinition) -> Anthropic.Tool {
        Anthropic.Tool(
            name: definition.name,
            description: definition.description,
            inputSchema: definition.inputSchema,
            cacheControl: definition.cacheControl.map(Anthropic.CacheControlEphemeral.init)
        )
    }

    private func toolChoice(for request: ChatRequest) -> Anthropic.ToolChoice? {
        let disableParallel: Bool? = request.parallelToolCalls == false ? true : nil
        switch request.toolChoice {
        case .auto: return Anthropic.ToolChoice(type: "auto", disableParallelToolUse: disableParallel)
        case .required: return Anthropic.ToolChoice(type: "any", disableParallelToolUse: disableParallel)
        case .tool(let name): return Anthropic.ToolChoice(type: "tool", name: name, disableParallelToolUse: disableParallel)
        case .some(.none): return Anthropic.ToolChoice(type: "none")
        case nil: return disableParallel.map { Anthropic.ToolChoice(type: "auto", disableParallelToolUse: $0) }
        }
    }

    private func thinkingConfig(for request: ChatRequest) throws -> Anthropic.ThinkingConfig? {
        guard let thinking = request.thinking else { return nil }
        if let budget = thinking.budgetTokens { return .enabled(budgetTokens: budget) }
        let effort = thinking.effort ?? "medium"
        if effort == "none" { return .disabled }
        guard var budget = Self.effortBudgets[effort] else {
            throw SwitchyardError.invalidRequest(
                "Thinking effort `\(effort)` has no Anthropic equivalent; use minimal, low, medium, high or none."
            )
        }
        if let maxTokens = request.maxTokens {
            // Anthropic needs 1024 ≤ budget < max_tokens. An effort that cannot fit under the client's output
            // limit is dropped rather than raising the limit the client chose.
            guard maxTokens > 1024 else { return nil }
            budget = max(1024, min(budget, maxTokens - 1))
        }
        return .enabled(budgetTokens: budget)
    }
}
