import SwitchyardCore

extension OpenAI.ChatCompletion {
    /// The answer read field by field with a ``JSONScanner`` — every call's whole answer is read once, and
    /// `JSONDecoder` or a ``JSONValue`` built first cost a dictionary per object — when it has the shape of a chat
    /// completion: every field it knows of the type it expects, tool-call arguments as strings, and no known field
    /// given twice. `nil` otherwise; the caller then decodes it with `JSONDecoder`, whose reading (absent and `null`
    /// alike for optional fields, unknown fields ignored) this one matches and whose errors say what is wrong.
    init?(scanning bytes: some Collection<UInt8>) {
        let completion = try? JSONScanner.withScanner(over: bytes) { scanner in
            var completion = OpenAI.ChatCompletion(id: "", created: 0, model: "", choices: [], usage: nil)
            (completion.id, completion.object, completion.created, completion.model) = (nil, nil, nil, nil)
            var seen = ScannedFields()
            guard try scanner.object({ key, scanner in
                switch key {
                case "id": try seen.first(0); completion.id = try scanner.nullableString()
                case "object": try seen.first(1); completion.object = try scanner.nullableString()
                case "created": try seen.first(2); completion.created = try scanner.nullableInteger()
                case "model": try seen.first(3); completion.model = try scanner.nullableString()
                case "choices":
                    try seen.first(4)
                    // `choices` is required: `null` is JSONDecoder's to refuse.
                    guard try scanner.array({ scanner in completion.choices.append(try OpenAI.Choice(scanning: &scanner)) })
                    else { throw JSONScanMismatch() }
                case "usage": try seen.first(5); completion.usage = try OpenAI.Usage(scanning: &scanner)
                default: try scanner.skipValue()
                }
            }) else { throw JSONScanMismatch() }
            guard seen.contains(4) else { throw JSONScanMismatch() }
            try scanner.end()
            return completion
        }
        guard let completion else { return nil }
        self = completion
    }
}

extension OpenAI.Choice {
    fileprivate init(scanning scanner: inout JSONScanner) throws {
        var index: Int?
        var message: OpenAI.ResponseMessage?
        var finishReason: String?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "index": try seen.first(0); index = try scanner.nullableInteger()
            case "message": try seen.first(1); message = try OpenAI.ResponseMessage(scanning: &scanner)
            case "finish_reason": try seen.first(2); finishReason = try scanner.nullableString()
            default: try scanner.skipValue()
            }
        }), let message else { throw JSONScanMismatch() }
        self.init(index: 0, message: message, finishReason: finishReason)
        self.index = index
    }
}

extension OpenAI.ResponseMessage {
    /// The message; `nil` for `null` (which a choice may not have).
    fileprivate init?(scanning scanner: inout JSONScanner) throws {
        self.init(content: nil)
        role = nil
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "role": try seen.first(0); role = try scanner.nullableString()
            case "content": try seen.first(1); content = try scanner.nullableString()
            case "refusal": try seen.first(2); refusal = try scanner.nullableString()
            case "tool_calls":
                try seen.first(3)
                var calls: [OpenAI.ToolCall] = []
                if try scanner.array({ scanner in calls.append(try OpenAI.ToolCall(scanning: &scanner)) }) {
                    toolCalls = calls
                }
            case "reasoning_content": try seen.first(4); reasoningContent = try scanner.nullableString()
            case "reasoning": try seen.first(5); reasoning = try scanner.nullableString()
            default: try scanner.skipValue()
            }
        }) else { return nil }
    }
}

extension OpenAI.Usage {
    /// The counts; `nil` for `null`.
    fileprivate init?(scanning scanner: inout JSONScanner) throws {
        self.init(promptTokens: 0, completionTokens: 0, totalTokens: 0, promptTokensDetails: nil, completionTokensDetails: nil)
        (promptTokens, completionTokens, totalTokens) = (nil, nil, nil)
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "prompt_tokens": try seen.first(0); promptTokens = try scanner.nullableInteger()
            case "completion_tokens": try seen.first(1); completionTokens = try scanner.nullableInteger()
            case "total_tokens": try seen.first(2); totalTokens = try scanner.nullableInteger()
            case "prompt_cache_hit_tokens": try seen.first(3); promptCacheHitTokens = try scanner.nullableInteger()
            case "prompt_tokens_details":
                try seen.first(4)
                promptTokensDetails = try scanner.objectWithOneMember(
                    "cached_tokens", { try $0.nullableInteger() }, make: OpenAI.PromptTokensDetails.init
                )
            case "completion_tokens_details":
                try seen.first(5)
                completionTokensDetails = try scanner.objectWithOneMember(
                    "reasoning_tokens", { try $0.nullableInteger() }, make: OpenAI.CompletionTokensDetails.init
                )
            default: try scanner.skipValue()
            }
        }) else { return nil }
    }
}
