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
            var seenOptional = ScannedFields()
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
                case "top_p": try seenOptional.first(0); request.topP = try scanner.nullableDouble()
                case "top_k": try seenOptional.first(1); request.topK = try scanner.nullableInteger()
                case "stream": try seenOptional.first(2); request.stream = try scanner.nullableBool()
                case "thinking": try seenOptional.first(3); request.thinking = try Anthropic.ThinkingConfig(scanning: &scanner)
                case "metadata":
                    try seenOptional.first(4)
                    var userID: String?
                    var seenInMetadata = ScannedFields()
                    if try scanner.object({ key, scanner in
                        switch key {
                        case "user_id": try seenInMetadata.first(0); userID = try scanner.nullableString()
                        default: try scanner.skipValue()
                        }
                    }) {
                        request.metadata = Anthropic.Metadata(userID: userID)
                    }
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

extension Anthropic.MessageContent {
    /// A string or an array of blocks; `nil` for `null`.
    fileprivate init?(scanning scanner: inout JSONScanner) throws {
        switch try scanner.stringOrOther() {
        case .null: return nil
        case .string(let text): self = .text(text)
        case .other: self = .blocks(try Anthropic.ContentBlock.array(scanning: &scanner))
        }
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
            case "input_schema": try seen.first(2); inputSchema = try scanner.wholeValue()
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

extension Anthropic.CacheControlEphemeral {
    /// An `ephemeral` breakpoint with a `5m` or `1h` lifetime, or `nil` for `null`.
    fileprivate init?(scanning scanner: inout JSONScanner) throws {
        var type: String?
        var ttl: String?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "type": try seen.first(0); type = try scanner.nullableString()
            case "ttl": try seen.first(1); ttl = try scanner.nullableString()
            default: try scanner.skipValue()
            }
        }) else { return nil }
        guard type == "ephemeral", ttl.map({ CacheControl.TimeToLive(rawValue: $0) != nil }) ?? true else { throw JSONScanMismatch() }
        self.init(ttl: ttl)
    }
}

extension Anthropic.ContentBlock {
    /// An array of blocks.
    fileprivate static func array(scanning scanner: inout JSONScanner) throws -> [Anthropic.ContentBlock] {
        var blocks: [Anthropic.ContentBlock] = []
        guard try scanner.array({ scanner in blocks.append(try Anthropic.ContentBlock(scanning: &scanner)) }) else {
            throw JSONScanMismatch()
        }
        return blocks
    }

    /// A block of a type Switchyard translates, its fields read whichever order they come in.
    fileprivate init(scanning scanner: inout JSONScanner) throws {
        var fields = BlockFields()
        guard try scanner.object({ key, scanner in try fields.read(key, from: &scanner) }) else { throw JSONScanMismatch() }
        self = try fields.block()
    }
}

/// The fields of one content block, read before its `type` says which of them it is made of. Each is read as the
/// type the block types that have it give it; a field of another type means a block the scanner leaves alone.
private struct BlockFields {
    var type: String?
    var text: String?
    var cacheControl: Anthropic.CacheControlEphemeral?
    var source: Anthropic.ImageSource?
    var id: String?
    var name: String?
    var input: JSONValue?
    var toolUseID: String?
    var content: Anthropic.MessageContent?
    var isError: Bool?
    var thinking: String?
    var signature: String?
    var data: String?
    private var seen: UInt16 = 0

    private mutating func first(_ number: UInt16) throws {
        let bit: UInt16 = 1 << number
        guard seen & bit == 0 else { throw JSONScanMismatch() }
        seen |= bit
    }

    mutating func read(_ key: JSONKey, from scanner: inout JSONScanner) throws {
        switch key {
        case "type": try first(0); type = try scanner.nullableString()
        case "text": try first(1); text = try scanner.nullableString()
        case "cache_control": try first(2); cacheControl = try Anthropic.CacheControlEphemeral(scanning: &scanner)
        case "source": try first(3); source = try Anthropic.ImageSource(scanning: &scanner)
        case "id": try first(4); id = try scanner.nullableString()
        case "name": try first(5); name = try scanner.nullableString()
        case "input": try first(6); input = try scanner.wholeValue()
        case "tool_use_id": try first(7); toolUseID = try scanner.nullableString()
        case "content": try first(8); content = try Anthropic.MessageContent(scanning: &scanner)
        case "is_error": try first(9); isError = try scanner.nullableBool()
        case "thinking": try first(10); thinking = try scanner.nullableString()
        case "signature": try first(11); signature = try scanner.nullableString()
        case "data": try first(12); data = try scanner.nullableString()
        default: try scanner.skipValue()
        }
    }

    /// The block its `type` names, from the fields that type has.
    func block() throws -> Anthropic.ContentBlock {
        switch type {
        case "text"?:
            guard let text else { throw JSONScanMismatch() }
            return .text(Anthropic.TextBlock(text: text, cacheControl: cacheControl))
        case "image"?:
            guard let source else { throw JSONScanMismatch() }
            return .image(Anthropic.ImageBlock(source: source, cacheControl: cacheControl))
        case "tool_use"?:
            guard let id, let name, let input else { throw JSONScanMismatch() }
            return .toolUse(Anthropic.ToolUseBlock(id: id, name: name, input: input, cacheControl: cacheControl))
        case "tool_result"?:
            guard let toolUseID else { throw JSONScanMismatch() }
            return .toolResult(Anthropic.ToolResultBlock(toolUseID: toolUseID, content: content, isError: isError, cacheControl: cacheControl))
        case "thinking"?:
            guard let thinking else { throw JSONScanMismatch() }
            return .thinking(Anthropic.ThinkingBlock(thinking: thinking, signature: signature))
        case "redacted_thinking"?:
            guard let data else { throw JSONScanMismatch() }
            return .redactedThinking(Anthropic.RedactedThinkingBlock(data: data))
        default:
            throw JSONScanMismatch()
        }
    }
}

extension Anthropic.ImageSource {
    /// A `base64` or `url` source; `nil` for `null`.
    fileprivate init?(scanning scanner: inout JSONScanner) throws {
        var type: String?
        var mediaType: String?
        var data: String?
        var url: String?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "type": try seen.first(0); type = try scanner.nullableString()
            case "media_type": try seen.first(1); mediaType = try scanner.nullableString()
            case "data": try seen.first(2); data = try scanner.nullableString()
            case "url": try seen.first(3); url = try scanner.nullableString()
            default: try scanner.skipValue()
            }
        }) else { return nil }
        switch type {
        case "base64"?:
            guard let mediaType, let data else { throw JSONScanMismatch() }
            self = .base64(mediaType: mediaType, data: data)
        case "url"?:
            guard let url else { throw JSONScanMismatch() }
            self = .url(url)
        default:
            throw JSONScanMismatch()
        }
    }
}

extension JSONScanner {
    /// A value of any kind, `null` included, as a required ``JSONValue`` field decodes it; whole numbers written
    /// as fractions are the general reading's to say (see ``ScannedJSONDecoder``).
    fileprivate mutating func wholeValue() throws -> JSONValue {
        try ScannedJSONDecoder.decode(JSONValue.self, from: nullableValue() ?? .null)
    }
}
