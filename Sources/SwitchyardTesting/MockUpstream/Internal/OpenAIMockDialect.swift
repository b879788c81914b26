import SwitchyardCore

/// OpenAI Chat Completions as a mock speaks it (also Azure OpenAI and OpenAI-compatible servers).
struct OpenAIMockDialect: MockDialect {
    var jsonContentType: String { "application/json" }

    func route(path: String, query: [String: String]) -> MockRoute? {
        var path = path
        while path.hasSuffix("/") { path.removeLast() }
        guard path.hasSuffix("/chat/completions") else { return nil }
        // Azure: /openai/deployments/{deployment}/chat/completions names the model in the path.
        let components = path.split(separator: "/")
        if let index = components.firstIndex(of: "deployments"), index + 1 < components.count - 2 {
            return MockRoute(model: String(components[index + 1]))
        }
        return MockRoute()
    }

    func authenticate(_ request: MockUpstream.RecordedRequest, requiresAuthentication: Bool, apiKey: String?) -> MockRejection? {
        checkCredential(
            request.bearerToken ?? request.header("api-key"),
            requiresAuthentication: requiresAuthentication,
            apiKey: apiKey,
            missing: MockRejection(
                status: 401,
                message: "You didn't provide an API key. You need to provide your API key in an Authorization header "
                    + "using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            ),
            wrong: MockRejection(status: 401, message: "Incorrect API key provided.", code: "invalid_api_key")
        )
    }

    var malformedJSONRejection: MockRejection {
        MockRejection(
            status: 400,
            message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your "
                + "HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
        )
    }

    func parse(_ body: JSONValue, route: MockRoute) throws(MockRejection) -> MockExchange {
        guard case .object(let request) = body else {
            throw MockRejection(status: 400, message: "Invalid type for body: expected an object.", code: "invalid_type")
        }
        guard let model = request["model"]?.stringValue ?? route.model else {
            throw MockRejection(status: 400, message: "you must provide a model parameter", param: "model")
        }
        guard let messages = request["messages"]?.arrayValue else {
            throw MockRejection(
                status: 400,
                message: "Missing required parameter: 'messages'.",
                code: "missing_required_parameter",
                param: "messages"
            )
        }
        guard !messages.isEmpty else {
            throw MockRejection(
                status: 400,
                message: "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty "
                    + "array instead.",
                code: "empty_array",
                param: "messages"
            )
        }
        try validate(messages)
        let streams = request["stream"] == .bool(true)
        return MockExchange(
            model: model,
            streaming: streams ? .serverSentEvents : .none,
            includeUsage: streams && request["stream_options"]?["include_usage"] == .bool(true),
            tools: try tools(request["tools"]),
            toolChoice: toolChoice(request["tool_choice"]),
            lastTurn: lastTurn(messages)
        )
    }

    private static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    /// Roles, and OpenAI's pairing rule: an assistant message with `tool_calls` is followed by one `tool`
    /// message per call, and a `tool` message answers a call of the assistant message before it.
    private func validate(_ messages: [JSONValue]) throws(MockRejection) {
        var answerable: Set<String> = []
        var unanswered: [String] = []
        for (index, message) in messages.enumerated() {
            guard let role = message["role"]?.stringValue else {
                throw MockRejection(
                    status: 400,
                    message: "Missing required parameter: 'messages[\(index)].role'.",
                    code: "missing_required_parameter",
                    param: "messages[\(index)].role"
                )
            }
            guard Self.roles.contains(role) else {
                throw MockRejection(
                    status: 400,
                    message: "Invalid value: '\(role)'. Supported values are: 'system', 'assistant', 'user', 'tool', "
                        + "'function', and 'developer'.",
                    code: "invalid_value",
                    param: "messages[\(index)].role"
                )
            }
            if role == "tool" {
                guard let id = message["tool_call_id"]?.stringValue else {
                    throw MockRejection(
                        status: 400,
                        message: "Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id'.",
                        param: "messages.[\(index)].tool_call_id"
                    )
                }
                guard answerable.contains(id) else {
                    throw MockRejection(
                        status: 400,
                        message: "Invalid parameter: messages with role 'tool' must be a response to a preceeding "
                            + "message with 'tool_calls'.",
                        param: "messages.[\(index)].role"
                    )
                }
                unanswered.removeAll { $0 == id }
                continue
            }
            try requireAnswered(unanswered, at: index)
            let calls = message["tool_calls"]?.arrayValue ?? []
            unanswered = role == "assistant" ? calls.compactMap { $0["id"]?.stringValue } : []
            answerable = Set(unanswered)
        }
        try requireAnswered(unanswered, at: messages.count - 1)
    }

    private func requireAnswered(_ unanswered: [String], at index: Int) throws(MockRejection) {
        guard unanswered.isEmpty else {
            throw MockRejection(
                status: 400,
                message: "An assistant message with 'tool_calls' must be followed by tool messages responding to each "
                    + "'tool_call_id'. The following tool_call_ids did not have response messages: "
                    + unanswered.joined(separator: ", "),
                param: "messages.[\(index)].role"
            )
        }
    }

    private func tools(_ value: JSONValue?) throws(MockRejection) -> [MockExchange.Tool] {
        var tools: [MockExchange.Tool] = []
        for (index, tool) in (value?.arrayValue ?? []).enumerated() where tool["type"]?.stringValue == "function" {
            guard let name = tool["function"]?["name"]?.stringValue else {
                throw MockRejection(
                    status: 400,
                    message: "Missing required parameter: 'tools[\(index)].function.name'.",
                    code: "missing_required_parameter",
                    param: "tools[\(index)].function.name"
                )
            }
            tools.append(MockExchange.Tool(name: name, schema: tool["function"]?["parameters"]))
        }
        return tools
    }

    private func toolChoice(_ value: JSONValue?) -> MockExchange.ToolChoice {
        if value?.stringValue == "none" { return .none }
        if let name = value?["function"]?["name"]?.stringValue { return .named(name) }
        return .auto
    }

    private func lastTurn(_ messages: [JSONValue]) -> MockExchange.LastTurn {
        switch messages.last?["role"]?.stringValue {
        case "user":
            return .userMessage
        case "tool", "function":
            let results = messages.reversed().prefix { ["tool", "function"].contains($0["role"]?.stringValue) }
            return .toolResults(results.reversed().map { text(of: $0["content"]) })
        default:
            return .other
        }
    }

    /// A message content's text: the string itself, or its text parts joined.
    private func text(of content: JSONValue?) -> String {
        switch content {
        case .string(let text):
            return text
        case .array(let parts):
            return parts.compactMap { $0["text"]?.stringValue }.joined()
        case .some(let other):
            return other.quotedText
        case nil:
            return ""
        }
    }
}
