import Foundation
import SwitchyardCore

/// Google's Gemini API (`generateContent`, `streamGenerateContent`) as a mock speaks it.
///
/// Field names are read in both spellings the API accepts (`functionDeclarations` and
/// `function_declarations`).
struct GeminiMockDialect: MockDialect {
    var jsonContentType: String { "application/json; charset=UTF-8" }

    func route(path: String, query: [String: String]) -> MockRoute? {
        guard let models = path.range(of: "/models/", options: .backwards),
            let colon = path[models.upperBound...].lastIndex(of: ":")
        else { return nil }
        let model = String(path[models.upperBound..<colon])
        guard !model.isEmpty else { return nil }
        switch path[path.index(after: colon)...] {
        case "generateContent":
            return MockRoute(model: model, streaming: MockExchange.Streaming.none)
        case "streamGenerateContent":
            return MockRoute(model: model, streaming: query["alt"] == "sse" ? .serverSentEvents : .jsonArray)
        default:
            return nil
        }
    }

    /// A key in `x-goog-api-key` or the `key` query parameter.
    func authenticate(_ request: MockUpstream.RecordedRequest, requiresAuthentication: Bool, apiKey: String?) -> MockRejection? {
        checkCredential(
            request.header("x-goog-api-key") ?? request.query["key"],
            requiresAuthentication: requiresAuthentication,
            apiKey: apiKey,
            missing: MockRejection(
                status: 403,
                message: "Method doesn't allow unregistered callers (callers without established identity). "
                    + "Please use API Key or other form of API consumer identity to call this API."
            ),
            wrong: MockRejection(status: 400, message: "API key not valid. Please pass a valid API key.", code: "API_KEY_INVALID")
        )
    }

    var malformedJSONRejection: MockRejection {
        MockRejection(status: 400, message: "Invalid JSON payload received. Unexpected token.")
    }

    func parse(_ body: JSONValue, route: MockRoute) throws(MockRejection) -> MockExchange {
        guard case .object = body else {
            throw MockRejection(status: 400, message: "Invalid JSON payload received. Expected an object.")
        }
        guard let contents = Self.member(body, "contents")?.arrayValue, !contents.isEmpty else {
            throw MockRejection(status: 400, message: "* GenerateContentRequest.contents: contents is not specified\n")
        }
        for (index, content) in contents.enumerated() {
            if let role = content["role"]?.stringValue, !["user", "model", "function"].contains(role) {
                throw MockRejection(status: 400, message: "Please use a valid role: user, model.")
            }
            guard let parts = content["parts"]?.arrayValue, !parts.isEmpty else {
                throw MockRejection(
                    status: 400,
                    message: "* GenerateContentRequest.contents[\(index)].parts: contents.parts must not be empty.\n"
                )
            }
        }
        return MockExchange(
            model: route.model ?? "",
            streaming: route.streaming ?? .none,
            includeUsage: false,
            tools: try tools(Self.member(body, "tools")),
            toolChoice: toolChoice(Self.member(body, "toolConfig")),
            lastTurn: lastTurn(contents)
        )
    }

    private func tools(_ value: JSONValue?) throws(MockRejection) -> [MockExchange.Tool] {
        var tools: [MockExchange.Tool] = []
        for (index, tool) in (value?.arrayValue ?? []).enumerated() {
            for (declarationIndex, declaration) in (Self.member(tool, "functionDeclarations")?.arrayValue ?? []).enumerated() {
                guard let name = declaration["name"]?.stringValue, !name.isEmpty else {
                    throw MockRejection(
                        status: 400,
                        message: "* GenerateContentRequest.tools[\(index)].function_declarations[\(declarationIndex)].name: "
                            + "[FIELD_INVALID] Invalid function name.\n"
                    )
                }
                let schema = declaration["parameters"] ?? Self.member(declaration, "parametersJsonSchema")
                tools.append(MockExchange.Tool(name: name, schema: schema))
            }
        }
        return tools
    }

    /// `toolConfig.functionCallingConfig`: mode `NONE` forbids calls; `ANY` with `allowedFunctionNames` names one.
    private func toolChoice(_ toolConfig: JSONValue?) -> MockExchange.ToolChoice {
        guard let config = toolConfig.flatMap({ Self.member($0, "functionCallingConfig") }) else { return .auto }
        switch config["mode"]?.stringValue?.uppercased() {
        case "NONE":
            return .none
        case "ANY":
            let allowed = Self.member(config, "allowedFunctionNames")?.arrayValue?.first?.stringValue
            return allowed.map(MockExchange.ToolChoice.named) ?? .auto
        default:
            return .auto
        }
    }

    private func lastTurn(_ contents: [JSONValue]) -> MockExchange.LastTurn {
        guard let last = contents.last, last["role"]?.stringValue != "model" else { return .other }
        let responses = (last["parts"]?.arrayValue ?? []).compactMap { Self.member($0, "functionResponse") }
        guard !responses.isEmpty else { return .userMessage }
        return .toolResults(responses.map { text(of: $0["response"]) })
    }

    /// A function response's text: the value of its only member when that is a string (`{"result": "18°C"}`),
    /// else the whole response as compact JSON.
    private func text(of response: JSONValue?) -> String {
        guard let response else { return "" }
        if let members = response.objectValue, members.count == 1, let only = members.first?.value.stringValue {
            return only
        }
        return response.quotedText
    }

    /// The member `name` (lowerCamelCase) of an object, or its snake_case spelling.
    static func member(_ object: JSONValue, _ name: String) -> JSONValue? {
        if let value = object[name] { return value }
        var snake = ""
        for character in name {
            if character.isUppercase {
                snake += "_" + character.lowercased()
            } else {
                snake.append(character)
            }
        }
        return object[snake]
    }
}
