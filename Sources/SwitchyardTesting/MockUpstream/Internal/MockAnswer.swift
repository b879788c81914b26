import SwitchyardCore

/// What a mock answers, before it is written in a provider's wire format.
enum MockAnswer: Sendable, Equatable {
    case text(String)
    case toolCall(name: String, arguments: JSONValue)

    /// The deterministic answer to `exchange` (see ``MockUpstream/Behavior``).
    init(for exchange: MockExchange, replyText: String) {
        switch exchange.lastTurn {
        case .toolResults(let results):
            self = .text("The tool said: " + results.joined(separator: "; "))
        case .userMessage where !exchange.tools.isEmpty && exchange.toolChoice != .none:
            var tool = exchange.tools[0]
            if case .named(let name) = exchange.toolChoice, let named = exchange.tools.first(where: { $0.name == name }) {
                tool = named
            }
            self = .toolCall(name: tool.name, arguments: Self.arguments(for: tool.schema))
        case .userMessage, .other:
            self = .text(replyText)
        }
    }

    /// Arguments that satisfy `schema` simply: `location` = `"Paris"` when there is such a string property,
    /// then a placeholder for each required property.
    static func arguments(for schema: JSONValue?) -> JSONValue {
        guard let properties = schema?["properties"]?.objectValue else { return .object([:]) }
        var arguments: [String: JSONValue] = [:]
        if let location = properties["location"], typeName(of: location) == "string" {
            arguments["location"] = .string("Paris")
        }
        for case .string(let name) in schema?["required"]?.arrayValue ?? [] where arguments[name] == nil {
            arguments[name] = placeholder(for: properties[name])
        }
        return .object(arguments)
    }

    private static func placeholder(for schema: JSONValue?) -> JSONValue {
        if let first = schema?["enum"]?.arrayValue?.first { return first }
        if let branch = (schema?["anyOf"] ?? schema?["oneOf"])?.arrayValue?.first { return placeholder(for: branch) }
        switch schema.flatMap(typeName(of:)) {
        case "integer", "number": return .int(1)
        case "boolean": return .bool(true)
        case "array": return .array([])
        case "object": return .object([:])
        default: return .string("test")
        }
    }

    /// The schema's type in lowercase (Gemini writes `STRING`), the first non-null one when it lists several.
    private static func typeName(of schema: JSONValue) -> String? {
        switch schema["type"] {
        case .string(let type):
            return type.lowercased()
        case .array(let types):
            return types.lazy.compactMap(\.stringValue).map { $0.lowercased() }.first { $0 != "null" }
        default:
            return nil
        }
    }

    /// `text` cut into at most `count` pieces of nearly equal length (never splitting a character).
    static func pieces(of text: String, count: Int) -> [String] {
        let characters = Array(text)
        guard !characters.isEmpty else { return [] }
        let size = (characters.count + max(1, count) - 1) / max(1, count)
        return stride(from: 0, to: characters.count, by: size).map {
            String(characters[$0..<min($0 + size, characters.count)])
        }
    }
}
