import SwitchyardCore

extension OpenAI.ToolCall {
    /// A tool call — of an answer's message, or of an earlier assistant message in a request — its arguments a
    /// string (object arguments, which some compatible servers send, are the general reading's).
    init(scanning scanner: inout JSONScanner) throws {
        var id: String?
        var type: String?
        var function: OpenAI.FunctionCall?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "id": try seen.first(0); id = try scanner.nullableString()
            case "type": try seen.first(1); type = try scanner.nullableString()
            case "function":
                try seen.first(2)
                var name: String?
                var arguments: String?
                var seenInFunction = ScannedFields()
                guard try scanner.object({ key, scanner in
                    switch key {
                    case "name": try seenInFunction.first(0); name = try scanner.nullableString()
                    case "arguments": try seenInFunction.first(1); arguments = try scanner.nullableString()
                    default: try scanner.skipValue()
                    }
                }), let name, let arguments else { throw JSONScanMismatch() }
                function = OpenAI.FunctionCall(name: name, arguments: arguments)
            default: try scanner.skipValue()
            }
        }), let function else { throw JSONScanMismatch() }
        self.init(id: "", function: function)
        self.id = id
        self.type = type
    }
}
