import SwitchyardCore

extension Anthropic.Message {
    /// The answer read field by field with a ``JSONScanner`` — every non-streamed call to an Anthropic upstream reads
    /// one, and the ``JSONValue`` of the whole body that the general reading builds first costs a dictionary per
    /// object — when every field it knows has the type it expects and no known field is given twice. `nil`
    /// otherwise (a block type Switchyard does not translate, a missing field, anything malformed): the caller then
    /// decodes the body the general way, whose reading this one matches and whose errors say what is wrong.
    init?(scanning bytes: some Collection<UInt8>) {
        let message = try? JSONScanner.withScanner(over: bytes) { scanner in
            var id: String?
            var type: String?
            var role: Role?
            var model: String?
            var content: [Anthropic.ContentBlock]?
            var stopReason: String?
            var stopSequence: String?
            var usage: Anthropic.Usage?
            var seen = ScannedFields()
            guard try scanner.object({ key, scanner in
                switch key {
                case "id": try seen.first(0); id = try scanner.nullableString()
                case "type": try seen.first(1); type = try scanner.nullableString()
                case "role":
                    try seen.first(2)
                    guard let name = try scanner.nullableString(), let known = Role(rawValue: name) else { throw JSONScanMismatch() }
                    role = known
                case "model": try seen.first(3); model = try scanner.nullableString()
                case "content": try seen.first(4); content = try Anthropic.ContentBlock.array(scanning: &scanner)
                case "stop_reason": try seen.first(5); stopReason = try scanner.nullableString()
                case "stop_sequence": try seen.first(6); stopSequence = try scanner.nullableString()
                case "usage": try seen.first(7); usage = try Anthropic.Usage(scanning: &scanner)
                default: try scanner.skipValue()
                }
            }), let id, let type, let role, let model, let content, let usage else { throw JSONScanMismatch() }
            try scanner.end()
            var message = Anthropic.Message(id: id, model: model, content: content, stopReason: stopReason, stopSequence: stopSequence, usage: usage)
            message.type = type
            message.role = role
            return message
        }
        guard let message else { return nil }
        self = message
    }
}

extension Anthropic.Usage {
    /// The counts; `nil` for `null`.
    fileprivate init?(scanning scanner: inout JSONScanner) throws {
        var input: Int?
        var output: Int?
        var usage = Anthropic.Usage(inputTokens: 0, outputTokens: 0)
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "input_tokens": try seen.first(0); input = try scanner.nullableInteger()
            case "output_tokens": try seen.first(1); output = try scanner.nullableInteger()
            case "cache_creation_input_tokens": try seen.first(2); usage.cacheCreationInputTokens = try scanner.nullableInteger()
            case "cache_read_input_tokens": try seen.first(3); usage.cacheReadInputTokens = try scanner.nullableInteger()
            case "cache_creation":
                try seen.first(4)
                var fiveMinutes: Int?
                var oneHour: Int?
                var seenInCreation = ScannedFields()
                if try scanner.object({ key, scanner in
                    switch key {
                    case "ephemeral_5m_input_tokens": try seenInCreation.first(0); fiveMinutes = try scanner.nullableInteger()
                    case "ephemeral_1h_input_tokens": try seenInCreation.first(1); oneHour = try scanner.nullableInteger()
                    default: try scanner.skipValue()
                    }
                }) {
                    usage.cacheCreation = Anthropic.CacheCreation(ephemeral5mInputTokens: fiveMinutes, ephemeral1hInputTokens: oneHour)
                }
            default: try scanner.skipValue()
            }
        }) else { return nil }
        guard let input, let output else { throw JSONScanMismatch() }
        usage.inputTokens = input
        usage.outputTokens = output
        self = usage
    }
}
