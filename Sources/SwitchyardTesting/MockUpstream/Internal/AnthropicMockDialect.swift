import SwitchyardCore

/// Anthropic's Messages API as a mock speaks it.
struct AnthropicMockDialect: MockDialect {
    var jsonContentType: String { "application/json" }

    func route(path: String, query: [String: String]) -> MockRoute? {
        var path = path
        while path.hasSuffix("/") { path.removeLast() }
        return path.hasSuffix("/messages") ? MockRoute() : nil
    }

    /// A credential in `x-api-key` (or `Authorization: Bearer`), then the `anthropic-version` header.
    func authenticate(_ request: MockUpstream.RecordedRequest, requiresAuthentication: Bool, apiKey: String?) -> MockRejection? {
        if let rejection = checkCredential(
            request.header("x-api-key") ?? request.bearerToken,
            requiresAuthentication: requiresAuthentication,
            apiKey: apiKey,
            missing: MockRejection(status: 401, message: "x-api-key header is required"),
            wrong: MockRejection(status: 401, message: "invalid x-api-key")
        ) {
            return rejection
        }
        guard let version = request.header("anthropic-version"), !version.isEmpty else {
            return MockRejection(status: 400, message: "anthropic-version: header is required")
        }
        return nil
    }

    var malformedJSONRejection: MockRejection {
        MockRejection(status: 400, message: "There was an issue with your request body: the body is not valid JSON.")
    }

    func parse(_ body: JSONValue, route: MockRoute) throws(MockRejection) -> MockExchange {
        guard case .object(let request) = body else {
            throw MockRejection(status: 400, message: "Input should be a valid dictionary")
        }
        guard let model = request["model"]?.stringValue else {
            throw MockRejection(status: 400, message: "model: Field required")
        }
        guard case .int = request["max_tokens"] else {
            throw MockRejection(status: 400, message: "max_tokens: Field required")
        }
        guard let messages = request["messages"]?.arrayValue else {
            throw MockRejection(status: 400, message: "messages: Field required")
        }
        guard !messages.isEmpty else {
            throw MockRejection(status: 400, message: "messages: at least one message is required")
        }
        try validate(messages)
        return MockExchange(
            model: model,
            streaming: request["stream"] == .bool(true) ? .serverSentEvents : .none,
            includeUsage: false,
            tools: try tools(request["tools"]),
            toolChoice: toolChoice(request["tool_choice"]),
            lastTurn: lastTurn(messages)
        )
    }

    /// Roles, and Anthropic's pairing rule: every `tool_use` block is answered by a `tool_result` block in the
    /// very next message, and every `tool_result` answers a `tool_use` of the message before it.
    private func validate(_ messages: [JSONValue]) throws(MockRejection) {
        var previousToolUses: [String] = []
        for (index, message) in messages.enumerated() {
            let role = message["role"]?.stringValue
            if role == "system" {
                throw MockRejection(
                    status: 400,
                    message: "messages: Unexpected role \"system\". The Messages API accepts a top-level `system` "
                        + "parameter, not \"system\" as an input message role."
                )
            }
            guard role == "user" || role == "assistant" else {
                throw MockRejection(status: 400, message: "messages.\(index).role: Input should be 'user' or 'assistant'")
            }
            let blocks = message["content"]?.arrayValue ?? []
            var results: [String] = []
            for (blockIndex, block) in blocks.enumerated() where block["type"]?.stringValue == "tool_result" {
                let id = block["tool_use_id"]?.stringValue ?? ""
                guard previousToolUses.contains(id) else {
                    throw MockRejection(
                        status: 400,
                        message: "messages.\(index).content.\(blockIndex): unexpected `tool_use_id` found in "
                            + "`tool_result` blocks: \(id). Each `tool_result` block must have a corresponding "
                            + "`tool_use` block in the previous message."
                    )
                }
                results.append(id)
            }
            let missing = previousToolUses.filter { !results.contains($0) }
            if !missing.isEmpty {
                throw MockRejection(
                    status: 400,
                    message: "messages.\(index - 1): `tool_use` ids were found without `tool_result` blocks immediately "
                        + "after: \(missing.joined(separator: ", ")). Each `tool_use` block must have a corresponding "
                        + "`tool_result` block in the next message."
                )
            }
            previousToolUses = blocks.filter { $0["type"]?.stringValue == "tool_use" }.compactMap { $0["id"]?.stringValue }
        }
    }

    /// Client tools (those with an `input_schema`); server tools such as web search are skipped.
    private func tools(_ value: JSONValue?) throws(MockRejection) -> [MockExchange.Tool] {
        var tools: [MockExchange.Tool] = []
        for (index, tool) in (value?.arrayValue ?? []).enumerated() {
            let type = tool["type"]?.stringValue
            guard type == nil || type == "custom" else { continue }
            guard let name = tool["name"]?.stringValue else {
                throw MockRejection(status: 400, message: "tools.\(index).custom.name: Field required")
            }
            guard let schema = tool["input_schema"] else {
                throw MockRejection(status: 400, message: "tools.\(index).custom.input_schema: Field required")
            }
            tools.append(MockExchange.Tool(name: name, schema: schema))
        }
        return tools
    }

    private func toolChoice(_ value: JSONValue?) -> MockExchange.ToolChoice {
        switch value?["type"]?.stringValue {
        case "none": return .none
        case "tool": return value?["name"]?.stringValue.map(MockExchange.ToolChoice.named) ?? .auto
        default: return .auto
        }
    }

    private func lastTurn(_ messages: [JSONValue]) -> MockExchange.LastTurn {
        guard let last = messages.last, last["role"]?.stringValue == "user" else { return .other }
        let results = (last["content"]?.arrayValue ?? []).filter { $0["type"]?.stringValue == "tool_result" }
        guard !results.isEmpty else { return .userMessage }
        return .toolResults(results.map { text(of: $0["content"]) })
    }

    /// A tool result's text: the string itself, or its text blocks joined.
    private func text(of content: JSONValue?) -> String {
        switch content {
        case .string(let text):
            return text
        case .array(let blocks):
            return blocks.compactMap { $0["text"]?.stringValue }.joined()
        case .some(let other):
            return other.quotedText
        case nil:
            return ""
        }
    }
}
