import SwitchyardCore

extension OpenAI.ChatCompletionRequest {
    /// The request read field by field with a ``JSONScanner`` — without the ``JSONValue`` of the whole body that
    /// ``WireJSON/decodeRequest(_:from:)`` builds first, a dictionary per object — when it has the shape most calls
    /// have: messages of text, image and refusal parts (or a string), tool calls with string arguments, function
    /// tools, every known field of the type it expects, and no known field given twice. `nil` otherwise (other part
    /// types, anything malformed): the caller then decodes the body the general way, whose reading
    /// (absent and `null` alike for optional fields, unknown fields ignored) this one matches and whose errors say
    /// what is wrong.
    init?(scanning bytes: some Collection<UInt8>) {
        let request = try? JSONScanner.withScanner(over: bytes) { scanner in
            var request = OpenAI.ChatCompletionRequest(model: "", messages: [])
            var seen = ScannedFields()
            guard try scanner.object({ key, scanner in
                switch key {
                case "model":
                    try seen.first(0)
                    guard let model = try scanner.nullableString() else { throw JSONScanMismatch() }
                    request.model = model
                case "messages":
                    try seen.first(1)
                    guard try scanner.array({ scanner in request.messages.append(try OpenAI.ChatMessage(scanning: &scanner)) })
                    else { throw JSONScanMismatch() }
                case "tools":
                    try seen.first(2)
                    var tools: [OpenAI.Tool] = []
                    if try scanner.array({ scanner in tools.append(try OpenAI.Tool(scanning: &scanner)) }) {
                        request.tools = tools
                    }
                case "tool_choice": try seen.first(3); request.toolChoice = try OpenAI.ToolChoice(scanning: &scanner)
                case "parallel_tool_calls": try seen.first(4); request.parallelToolCalls = try scanner.nullableBool()
                case "max_tokens": try seen.first(5); request.maxTokens = try scanner.nullableInteger()
                case "max_completion_tokens": try seen.first(6); request.maxCompletionTokens = try scanner.nullableInteger()
                case "temperature": try seen.first(7); request.temperature = try scanner.nullableDouble()
                case "top_p": try seen.first(8); request.topP = try scanner.nullableDouble()
                case "stop": try seen.first(9); request.stop = try OpenAI.StopSequences(scanning: &scanner)
                case "stream": try seen.first(10); request.stream = try scanner.nullableBool()
                case "stream_options":
                    try seen.first(11)
                    request.streamOptions = try scanner.objectWithOneMember(
                        "include_usage", { try $0.nullableBool() }, make: OpenAI.StreamOptions.init
                    )
                case "reasoning_effort": try seen.first(13); request.reasoningEffort = try scanner.nullableString()
                case "user": try seen.first(14); request.user = try scanner.nullableString()
                case "metadata":
                    try seen.first(15)
                    var metadata: [String: String] = [:]
                    if try scanner.object({ key, scanner in
                        guard let value = try scanner.nullableString(), metadata.updateValue(value, forKey: key.string) == nil
                        else { throw JSONScanMismatch() }
                    }) {
                        request.metadata = metadata
                    }
                case "n": try seen.first(16); request.n = try scanner.nullableInteger()
                case "response_format": try seen.first(12); request.responseFormat = try OpenAI.ResponseFormat(scanning: &scanner)
                default: try scanner.skipValue()
                }
            }), seen.contains(0), seen.contains(1) else { throw JSONScanMismatch() }
            try scanner.end()
            return request
        }
        guard let request else { return nil }
        self = request
    }
}

extension OpenAI.ChatMessage {
    fileprivate init(scanning scanner: inout JSONScanner) throws {
        var role: Role?
        self.init(role: .user, content: nil)
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "role":
                try seen.first(0)
                guard let name = try scanner.nullableString(), let known = Role(rawValue: name) else { throw JSONScanMismatch() }
                role = known
            case "content":
                try seen.first(1)
                switch try scanner.stringOrOther() {
                case .null: content = nil
                case .string(let text): content = .text(text)
                case .other:
                    var parts: [OpenAI.ContentPart] = []
                    guard try scanner.array({ scanner in parts.append(try OpenAI.ContentPart(scanning: &scanner)) })
                    else { throw JSONScanMismatch() }
                    content = .parts(parts)
                }
            case "name": try seen.first(2); name = try scanner.nullableString()
            case "refusal": try seen.first(3); refusal = try scanner.nullableString()
            case "tool_calls":
                try seen.first(4)
                var calls: [OpenAI.ToolCall] = []
                if try scanner.array({ scanner in calls.append(try OpenAI.ToolCall(scanning: &scanner)) }) {
                    toolCalls = calls
                }
            case "tool_call_id": try seen.first(5); toolCallID = try scanner.nullableString()
            default: try scanner.skipValue()
            }
        }), let role else { throw JSONScanMismatch() }
        self.role = role
    }
}

extension OpenAI.ContentPart {
    /// A text, image or refusal part; other types are the general reading's to refuse.
    fileprivate init(scanning scanner: inout JSONScanner) throws {
        var type: String?
        var text: String?
        var refusal: String?
        var image: OpenAI.ImageURL?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "type": try seen.first(0); type = try scanner.nullableString()
            case "text": try seen.first(1); text = try scanner.nullableString()
            case "refusal": try seen.first(2); refusal = try scanner.nullableString()
            case "image_url":
                try seen.first(3)
                var url: String?
                var detail: String?
                var seenInImage = ScannedFields()
                guard try scanner.object({ key, scanner in
                    switch key {
                    case "url": try seenInImage.first(0); url = try scanner.nullableString()
                    case "detail": try seenInImage.first(1); detail = try scanner.nullableString()
                    default: try scanner.skipValue()
                    }
                }), let url else { throw JSONScanMismatch() }
                image = OpenAI.ImageURL(url: url, detail: detail)
            default: try scanner.skipValue()
            }
        }) else { throw JSONScanMismatch() }
        switch type {
        case "text"?:
            guard let text else { throw JSONScanMismatch() }
            self = .text(text)
        case "image_url"?:
            guard let image else { throw JSONScanMismatch() }
            self = .imageURL(image)
        case "refusal"?:
            guard let refusal else { throw JSONScanMismatch() }
            self = .refusal(refusal)
        default:
            throw JSONScanMismatch()
        }
    }
}

extension OpenAI.Tool {
    fileprivate init(scanning scanner: inout JSONScanner) throws {
        var type: String?
        var function: OpenAI.FunctionDefinition?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "type": try seen.first(0); type = try scanner.nullableString()
            case "function":
                try seen.first(1)
                function = try NamedSchema(scanning: &scanner, schemaKey: "parameters").map { named in
                    OpenAI.FunctionDefinition(name: named.name, description: named.description, parameters: named.schema, strict: named.strict)
                }
            default: try scanner.skipValue()
            }
        }), let type else { throw JSONScanMismatch() }
        self.init(function: OpenAI.FunctionDefinition(name: ""))
        self.type = type
        self.function = function
    }
}

/// The members a function definition and a JSON-schema response format share: a name, a description, a schema (under
/// `parameters` or `schema`) and `strict`.
private struct NamedSchema {
    var name: String
    var description: String?
    var schema: JSONValue?
    var strict: Bool?

    /// The members, or `nil` for `null`; the name is required.
    init?(scanning scanner: inout JSONScanner, schemaKey: StaticString) throws {
        var name: String?
        var description: String?
        var schema: JSONValue?
        var strict: Bool?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "name": try seen.first(0); name = try scanner.nullableString()
            case "description": try seen.first(1); description = try scanner.nullableString()
            case schemaKey:
                try seen.first(2)
                schema = try scanner.nullableValue().map { try ScannedJSONDecoder.decode(JSONValue.self, from: $0) }
            case "strict": try seen.first(3); strict = try scanner.nullableBool()
            default: try scanner.skipValue()
            }
        }) else { return nil }
        guard let name else { throw JSONScanMismatch() }
        (self.name, self.description, self.schema, self.strict) = (name, description, schema, strict)
    }
}

extension OpenAI.ToolChoice {
    /// A mode, a function, or `nil` for `null`.
    fileprivate init?(scanning scanner: inout JSONScanner) throws {
        switch try scanner.stringOrOther() {
        case .null: return nil
        case .string("auto"): self = .auto; return
        case .string("none"): self = .none; return
        case .string("required"): self = .required; return
        case .string: throw JSONScanMismatch()
        case .other: break
        }
        var type: String?
        var name: String?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "type": try seen.first(0); type = try scanner.nullableString()
            case "function":
                try seen.first(1)
                var seenInFunction = ScannedFields()
                guard try scanner.object({ key, scanner in
                    switch key {
                    case "name": try seenInFunction.first(0); name = try scanner.nullableString()
                    default: try scanner.skipValue()
                    }
                }) else { throw JSONScanMismatch() }
            default: try scanner.skipValue()
            }
        }) else { throw JSONScanMismatch() }
        guard type == "function", let name else { throw JSONScanMismatch() }
        self = .function(name: name)
    }
}

extension OpenAI.ResponseFormat {
    /// Text, a JSON object or a JSON schema, or `nil` for `null`.
    fileprivate init?(scanning scanner: inout JSONScanner) throws {
        var type: String?
        var schema: OpenAI.JSONSchemaFormat?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "type": try seen.first(0); type = try scanner.nullableString()
            case "json_schema":
                try seen.first(1)
                schema = try NamedSchema(scanning: &scanner, schemaKey: "schema").map { named in
                    OpenAI.JSONSchemaFormat(name: named.name, description: named.description, schema: named.schema, strict: named.strict)
                }
            default: try scanner.skipValue()
            }
        }) else { return nil }
        switch type {
        case "text"?: self = .text
        case "json_object"?: self = .jsonObject
        case "json_schema"?:
            guard let schema else { throw JSONScanMismatch() }
            self = .jsonSchema(schema)
        default: throw JSONScanMismatch()
        }
    }
}

extension OpenAI.StopSequences {
    /// One sequence, several, or `nil` for `null`.
    fileprivate init?(scanning scanner: inout JSONScanner) throws {
        switch try scanner.stringOrOther() {
        case .null: return nil
        case .string(let single): self = .single(single); return
        case .other: break
        }
        var sequences: [String] = []
        guard try scanner.array({ scanner in
            guard let sequence = try scanner.nullableString() else { throw JSONScanMismatch() }
            sequences.append(sequence)
        }) else { throw JSONScanMismatch() }
        self = .multiple(sequences)
    }
}
