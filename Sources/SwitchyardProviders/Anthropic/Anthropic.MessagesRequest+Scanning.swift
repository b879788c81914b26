import SwitchyardCore

extension Anthropic.MessagesRequest {
    /// The request read field by field with a ``JSONScanner`` — without the ``JSONValue`` of the whole body that
    /// ``WireJSON/decodeRequest(_:from:)`` builds first, a dictionary per object, which for an agent's long history
    /// is most of the request's reading — when every field it knows has the type it expects and no known field is
    /// given twice. `nil` otherwise (an unsupported block or source type, a `ttl` or `type` the general reading
    /// refuses, whole numbers written as fractions in a schema or an input, anything malformed): the caller then
    /// decodes the body the general way, whose reading (absent and `null` alike for optional fields, unknown fields
    /// ignored) this one matches and whose errors say what is wrong.
    init?(scanning bytes: some Collection<UInt8>) {
        let request = try? JSONScanner.withScanner(over: bytes) { scanner in
            var model: String?
            var maxTokens: Int?
            var messages: [Anthropic.MessageParam]?
            var request = Anthropic.MessagesRequest(model: "", maxTokens: 0, messages: [])
            var seen = ScannedFields()
            guard try scanner.object({ key, scanner in
                switch key {
                case "model": try seen.first(0); model = try scanner.nullableString()
                case "max_tokens": try seen.first(1); maxTokens = try scanner.nullableInteger()
                case "messages":
                    try seen.first(2)
                    var read: [Anthropic.MessageParam] = []
                    if try scanner.array({ scanner in read.append(try Anthropic.MessageParam(scanning: &scanner)) }) {
                        messages = read
                    }
                case "system": try seen.first(3); request.system = try Anthropic.SystemPrompt(scanning: &scanner)
                case "tools":
                    try seen.first(4)
                    var tools: [Anthropic.Tool] = []
                    if try scanner.array({ scanner in tools.append(try Anthropic.Tool(scanning: &scanner)) }) {
                        request.tools = tools
                    }
                case "tool_choice":
                    try seen.first(5)
                    var choice = Anthropic.ToolChoice(type: "")
                    var type: String?
                    var seenInChoice = ScannedFields()
                    if try scanner.object({ key, scanner in
                        switch key {
                        case "type": try seenInChoice.first(0); type = try scanner.nullableString()
                        case "name": try seenInChoice.first(1); choice.name = try scanner.nullableString()
                        case "disable_parallel_tool_use": try seenInChoice.first(2); choice.disableParallelToolUse = try scanner.nullableBool()
                        default: try scanner.skipValue()
                        }
                    }) {
                        guard let type else { throw JSONScanMismatch() }
                        choice.type = type
                        request.toolChoice = choice
                    }
                case "stop_sequences":
                    try seen.first(6)
                    var sequences: [String] = []
                    if try scanner.array({ scanner in
                        guard let sequence = try scanner.nullableString() else { throw JSONScanMismatch() }
                        sequences.append(sequence)
                    }) {
                        request.stopSequences = sequences
                    }
                case "temperature": try seen.first(7); request.temperature = try scanner.nullableDouble()
                case "top_p": try seen.first(8); request.topP = try scanner.nullableDouble()
                case "top_k": try seen.first(9); request.topK = try scanner.nullableInteger()
                case "stream": try seen.first(10); request.stream = try scanner.nullableBool()
                case "thinking": try seen.first(11); request.thinking = try Anthropic.ThinkingConfig(scanning: &scanner)
                case "metadata":
                    try seen.first(12)
                    request.metadata = try scanner.objectWithOneMember(
                        "user_id", { try $0.nullableString() }, make: Anthropic.Metadata.init
                    )
                default: try scanner.skipValue()
                }
            }), let model, let maxTokens, let messages else { throw JSONScanMismatch() }
            try scanner.end()
            request.model = model
            request.maxTokens = maxTokens
            request.messages = messages
            return request
        }
        guard let request else { return nil }
        self = request
    }
}

extension Anthropic.MessageParam {
    fileprivate init(scanning scanner: inout JSONScanner) throws {
        var role: Role?
        var content: Anthropic.MessageContent?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "role":
                try seen.first(0)
                guard let name = try scanner.nullableString(), let known = Role(rawValue: name) else { throw JSONScanMismatch() }
                role = known
            case "content": try seen.first(1); content = try Anthropic.MessageContent(scanning: &scanner)
            default: try scanner.skipValue()
            }
        }), let role, let content else { throw JSONScanMismatch() }
        self.init(role: role, content: content)
    }
}

extension Anthropic.SystemPrompt {
    /// A string or an array of text blocks; `nil` for `null`.
    fileprivate init?(scanning scanner: inout JSONScanner) throws {
        switch try scanner.stringOrOther() {
        case .null: return nil
        case .string(let text): self = .text(text)
        case .other:
            self = .blocks(try Anthropic.ContentBlock.array(scanning: &scanner).map { block in
                guard case .text(let text) = block else { throw JSONScanMismatch() }
                return text
            })
        }
    }
}

extension Anthropic.Tool {
    fileprivate init(scanning scanner: inout JSONScanner) throws {
        var name: String?
        var inputSchema: JSONValue?
        var tool = Anthropic.Tool(name: "", inputSchema: .null)
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "name": try seen.first(0); name = try scanner.nullableString()
            case "description": try seen.first(1); tool.description = try scanner.nullableString()
            case "input_schema": try seen.first(2); inputSchema = try scanner.nullableJSONValue() ?? .null
            case "cache_control": try seen.first(3); tool.cacheControl = try Anthropic.CacheControlEphemeral(scanning: &scanner)
            default: try scanner.skipValue()
            }
        }), let name, let inputSchema else { throw JSONScanMismatch() }
        tool.name = name
        tool.inputSchema = inputSchema
        self = tool
    }
}

extension Anthropic.ThinkingConfig {
    /// Enabled with its budget, or disabled; `nil` for `null`.
    fileprivate init?(scanning scanner: inout JSONScanner) throws {
        var type: String?
        var budget: Int?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "type": try seen.first(0); type = try scanner.nullableString()
            case "budget_tokens": try seen.first(1); budget = try scanner.nullableInteger()
            default: try scanner.skipValue()
            }
        }) else { return nil }
        switch type {
        case "enabled"?:
            guard let budget else { throw JSONScanMismatch() }
            self = .enabled(budgetTokens: budget)
        case "disabled"?: self = .disabled
        default: throw JSONScanMismatch()
        }
    }
}

