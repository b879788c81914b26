import SwitchyardCore

extension Gemini.GenerateContentTranslator {
    /// The `generateContent` body for a canonical request.
    ///
    /// - Throws: ``SwitchyardError`` `invalid_request` when a tool result answers a tool use the conversation
    ///   does not contain (Gemini needs the function's name, which only the tool use carries).
    public func makeRequestBody(for request: ChatRequest) throws -> Gemini.GenerateContentRequest {
        Gemini.GenerateContentRequest(
            contents: try Self.contents(for: request.messages),
            systemInstruction: request.system.isEmpty
                ? nil : Gemini.Content(parts: request.system.map { Gemini.Part(text: $0.text) }),
            tools: request.tools.isEmpty ? nil : [Gemini.Tool(functionDeclarations: request.tools.map(Self.declaration))],
            toolConfig: request.tools.isEmpty ? nil : request.toolChoice.map(Self.toolConfig),
            generationConfig: Self.generationConfig(for: request)
        )
    }

    private static func contents(for messages: [Message]) throws -> [Gemini.Content] {
        var toolNames: [String: String] = [:]
        var contents: [Gemini.Content] = []
        for message in messages {
            var parts = PartList()
            for part in message.content {
                switch part {
                case .text(let text):
                    if !text.text.isEmpty { parts.append(Gemini.Part(text: text.text)) }
                case .image(let image):
                    parts.append(Self.part(for: image))
                case .toolUse(let toolUse):
                    toolNames[toolUse.id] = toolUse.name
                    let call = Gemini.FunctionCall(id: toolUse.id, name: toolUse.name, args: toolUse.input)
                    parts.append(Gemini.Part(thoughtSignature: toolUse.signature, functionCall: call))
                case .toolResult(let result):
                    guard let name = toolNames[result.toolUseID] else {
                        throw SwitchyardError.invalidRequest(
                            "Tool result for tool_use_id `\(result.toolUseID)` answers no earlier tool use in the conversation.",
                            stage: .provider
                        )
                    }
                    let response: JSONValue = .object([result.isError ? "error" : "result": .string(result.joinedText)])
                    parts.append(Gemini.Part(functionResponse: Gemini.FunctionResponse(id: result.toolUseID, name: name, response: response)))
                    for case .image(let image) in result.content { parts.append(Self.part(for: image)) }
                case .thinking(let thinking):
                    if !thinking.text.isEmpty {
                        parts.append(Gemini.Part(text: thinking.text, thought: true, thoughtSignature: thinking.signature))
                    } else if let signature = thinking.signature {
                        parts.carrySignature(signature)
                    }
                case .redactedThinking:
                    // Anthropic's encrypted reasoning means nothing to Gemini.
                    continue
                }
            }
            let finished = parts.finish()
            guard !finished.isEmpty else { continue }
            let role = message.role == .user ? Gemini.Content.userRole : Gemini.Content.modelRole
            // One turn per role change: Gemini wants the responses to parallel calls in a single turn, and
            // clients that send one tool-result message per call would otherwise split them.
            if let last = contents.indices.last, contents[last].role == role {
                contents[last].parts += finished
            } else {
                contents.append(Gemini.Content(role: role, parts: finished))
            }
        }
        return contents
    }

    /// Parts of one turn, placing a signature-only thinking part's signature on the part that follows it, the
    /// part Gemini returned it on (see the stream decoder).
    private struct PartList {
        private var parts: [Gemini.Part] = []
        private var pendingSignature: String?

        mutating func append(_ part: Gemini.Part) {
            var part = part
            if let signature = pendingSignature, part.thoughtSignature == nil { part.thoughtSignature = signature }
            pendingSignature = nil
            parts.append(part)
        }

        mutating func carrySignature(_ signature: String) {
            if let pending = pendingSignature { parts.append(Gemini.Part(text: "", thoughtSignature: pending)) }
            pendingSignature = signature
        }

        /// The parts; a signature left with no part after it travels on an empty text part, as Gemini sends it.
        mutating func finish() -> [Gemini.Part] {
            if let signature = pendingSignature { parts.append(Gemini.Part(text: "", thoughtSignature: signature)) }
            pendingSignature = nil
            return parts
        }
    }

    private static func part(for image: ImagePart) -> Gemini.Part {
        switch image.source {
        case .base64(let mediaType, let data):
            return Gemini.Part(inlineData: Gemini.Blob(mimeType: mediaType, data: data))
        case .url(let url):
            if let (mediaType, data) = DataURL.parse(url) { return Gemini.Part(inlineData: Gemini.Blob(mimeType: mediaType, data: data)) }
            return Gemini.Part(fileData: Gemini.FileData(mimeType: Self.mediaType(forURL: url), fileUri: url))
        }
    }

    /// The media type implied by a URL's file extension, when it names an image or PDF type Gemini reads.
    private static func mediaType(forURL url: String) -> String? {
        var path = Substring(url)
        if let end = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<end] }
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        switch path[path.index(after: dot)...].lowercased() {
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "heic": return "image/heic"
        case "heif": return "image/heif"
        case "pdf": return "application/pdf"
        default: return nil
        }
    }

    private static func declaration(for tool: ToolDefinition) -> Gemini.FunctionDeclaration {
        Gemini.FunctionDeclaration(
            name: tool.name,
            description: tool.description,
            parameters: Gemini.SchemaConverter.functionParameters(tool.inputSchema)
        )
    }

    private static func toolConfig(for choice: ToolChoice) -> Gemini.ToolConfig {
        let config: Gemini.FunctionCallingConfig =
            switch choice {
            case .auto: .init(mode: .auto)
            case .none: .init(mode: .none)
            case .required: .init(mode: .any)
            case .tool(let name): .init(mode: .any, allowedFunctionNames: [name])
            }
        return Gemini.ToolConfig(functionCallingConfig: config)
    }

    private static func generationConfig(for request: ChatRequest) -> Gemini.GenerationConfig? {
        var config = Gemini.GenerationConfig(
            stopSequences: request.stopSequences.isEmpty ? nil : request.stopSequences,
            maxOutputTokens: request.maxTokens,
            temperature: request.temperature,
            topP: request.topP,
            topK: request.topK
        )
        switch request.responseFormat {
        case .jsonObject:
            config.responseMimeType = "application/json"
        case .jsonSchema(_, let schema, _):
            config.responseMimeType = "application/json"
            config.responseSchema = Gemini.SchemaConverter.convert(schema)
        case .text, nil:
            break
        }
        if let thinking = request.thinking {
            config.thinkingConfig = thinkingConfig(for: thinking, model: request.model)
        }
        return config.isEmpty ? nil : config
    }

    /// Gemini 2.5 takes a token budget; Gemini 3 takes a level (`low` or `high`) and rejects both together. A
    /// client's budget is passed as given; an effort becomes a level on Gemini 3 and a budget elsewhere. A budget
    /// of 0 turns thinking off, leaving no thoughts to include.
    private static func thinkingConfig(for thinking: ThinkingConfiguration, model: String) -> Gemini.ThinkingConfig {
        if let budget = thinking.budgetTokens {
            return Gemini.ThinkingConfig(includeThoughts: budget == 0 ? nil : true, thinkingBudget: budget)
        }
        guard let effort = thinking.effort else {
            return Gemini.ThinkingConfig(includeThoughts: true)
        }
        if model.hasPrefix("gemini-3") {
            let level = (effort == "minimal" || effort == "low") ? "low" : "high"
            return Gemini.ThinkingConfig(includeThoughts: true, thinkingLevel: level)
        }
        let budgets = ["minimal": 512, "low": 1024, "medium": 8192, "high": 24576]
        return Gemini.ThinkingConfig(includeThoughts: true, thinkingBudget: budgets[effort] ?? 8192)
    }
}
