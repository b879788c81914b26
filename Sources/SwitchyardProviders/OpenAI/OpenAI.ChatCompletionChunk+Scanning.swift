import SwitchyardCore

extension OpenAI.ChatCompletionChunk {
    /// The chunk read field by field with a ``JSONScanner`` — several times faster than `JSONDecoder`, and without
    /// the dictionary per object that building a ``JSONValue`` first would cost — when it has the shape of an
    /// answer's chunk: every field it knows of the type it expects, tool-call arguments as strings, no usage, no
    /// top-level `error`, and no known field given twice. `nil` otherwise; the caller then decodes it with `JSONDecoder`, whose reading (absent
    /// and `null` alike, unknown fields ignored) this one matches and whose errors say what is wrong.
    init?(scanning bytes: some Collection<UInt8>) {
        let chunk = try? JSONScanner.withScanner(over: bytes) { scanner in
            var chunk = OpenAI.ChatCompletionChunk(id: "", created: 0, model: "", choices: [], usage: nil)
            (chunk.id, chunk.object, chunk.created, chunk.model) = (nil, nil, nil, nil)
            var seen = ScannedFields()
            guard try scanner.object({ key, scanner in
                switch key {
                case "id": try seen.first(0); chunk.id = try scanner.nullableString()
                case "object": try seen.first(1); chunk.object = try scanner.nullableString()
                case "created": try seen.first(2); chunk.created = try scanner.nullableInteger()
                case "model": try seen.first(3); chunk.model = try scanner.nullableString()
                case "choices":
                    try seen.first(4)
                    _ = try scanner.array { scanner in chunk.choices.append(try OpenAI.ChunkChoice(scanning: &scanner)) }
                case "error":
                    // An error event, whatever else it holds: the stream decoder's to read.
                    throw JSONScanMismatch()
                case "usage":
                    // A chunk with usage is rare (the last one); JSONDecoder reads it.
                    guard try !scanner.object({ _, _ in throw JSONScanMismatch() }) else { throw JSONScanMismatch() }
                default: try scanner.skipValue()
                }
            }) else { throw JSONScanMismatch() }
            try scanner.end()
            return chunk
        }
        guard let chunk else { return nil }
        self = chunk
    }
}

extension OpenAI.ChunkChoice {
    fileprivate init(scanning scanner: inout JSONScanner) throws {
        self.init(index: 0, delta: OpenAI.Delta(), finishReason: nil)
        index = nil
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "index": try seen.first(0); index = try scanner.nullableInteger()
            case "delta": try seen.first(1); delta = try OpenAI.Delta(scanning: &scanner)
            case "finish_reason": try seen.first(2); finishReason = try scanner.nullableString()
            default: try scanner.skipValue()
            }
        }) else { throw JSONScanMismatch() }
    }
}

extension OpenAI.Delta {
    /// The delta, or an empty one for `null`.
    fileprivate init(scanning scanner: inout JSONScanner) throws {
        self.init()
        var seen = ScannedFields()
        _ = try scanner.object { key, scanner in
            switch key {
            case "role": try seen.first(0); role = try scanner.nullableString()
            case "content": try seen.first(1); content = try scanner.nullableString()
            case "refusal": try seen.first(2); refusal = try scanner.nullableString()
            case "tool_calls":
                try seen.first(3)
                var calls: [OpenAI.ToolCallDelta] = []
                if try scanner.array({ scanner in calls.append(try OpenAI.ToolCallDelta(scanning: &scanner)) }) {
                    toolCalls = calls
                }
            case "reasoning_content": try seen.first(4); reasoningContent = try scanner.nullableString()
            case "reasoning": try seen.first(5); reasoning = try scanner.nullableString()
            default: try scanner.skipValue()
            }
        }
    }
}

extension OpenAI.ToolCallDelta {
    fileprivate init(scanning scanner: inout JSONScanner) throws {
        self.init(index: 0, function: nil)
        index = nil
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "index": try seen.first(0); index = try scanner.nullableInteger()
            case "id": try seen.first(1); id = try scanner.nullableString()
            case "type": try seen.first(2); type = try scanner.nullableString()
            case "function":
                try seen.first(3)
                var name: String?
                var arguments: String?
                var seenInFunction = ScannedFields()
                if try scanner.object({ key, scanner in
                    switch key {
                    case "name": try seenInFunction.first(0); name = try scanner.nullableString()
                    case "arguments": try seenInFunction.first(1); arguments = try scanner.nullableString()
                    default: try scanner.skipValue()
                    }
                }) {
                    function = OpenAI.FunctionCallDelta(name: name, arguments: arguments)
                }
            default: try scanner.skipValue()
            }
        }) else { throw JSONScanMismatch() }
    }
}
