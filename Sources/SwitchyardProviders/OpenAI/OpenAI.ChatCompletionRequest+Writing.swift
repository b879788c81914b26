import SwitchyardCore

extension OpenAI.ChatCompletionRequest {
    /// The request as compact JSON, written field by field: the bytes ``WireJSON/encode(_:)`` writes for it, without
    /// a trip through the `Encoder` protocol per field (every call to an OpenAI or OpenAI-compatible upstream). `nil`
    /// when it holds a number that is not finite; ``WireJSON`` writes those.
    var writtenJSON: [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        var members = JSONMembers(opening: &bytes)
        members.omittingNil("model", model, in: &bytes)
        members.key("messages", in: &bytes)
        guard JSONArray.write(messages, to: &bytes, { message, bytes in message.write(to: &bytes) }) else { return nil }
        if let tools {
            members.key("tools", in: &bytes)
            let toolsWritten = JSONArray.write(tools, to: &bytes) { tool, bytes in
                var toolMembers = JSONMembers(opening: &bytes)
                toolMembers.omittingNil("type", tool.type, in: &bytes)
                if let function = tool.function {
                    toolMembers.key("function", in: &bytes)
                    var functionMembers = JSONMembers(opening: &bytes)
                    functionMembers.omittingNil("name", function.name, in: &bytes)
                    functionMembers.omittingNil("description", function.description, in: &bytes)
                    if let parameters = function.parameters {
                        guard functionMembers.value("parameters", parameters, in: &bytes) else { return false }
                    }
                    functionMembers.omittingNil("strict", function.strict, in: &bytes)
                    bytes.append(UInt8(ascii: "}"))
                }
                bytes.append(UInt8(ascii: "}"))
                return true
            }
            guard toolsWritten else { return nil }
        }
        switch toolChoice {
        case .some(.auto): members.omittingNil("tool_choice", "auto", in: &bytes)
        case .some(.none): members.omittingNil("tool_choice", "none", in: &bytes)
        case .some(.required): members.omittingNil("tool_choice", "required", in: &bytes)
        case .some(.function(let name)):
            members.key("tool_choice", in: &bytes)
            bytes += #"{"type":"function","function":{"name":"#.utf8
            JSONStringLiteral.append(name, to: &bytes)
            bytes += "}}".utf8
        case nil:
            break
        }
        members.omittingNil("parallel_tool_calls", parallelToolCalls, in: &bytes)
        members.omittingNil("max_tokens", maxTokens, in: &bytes)
        members.omittingNil("max_completion_tokens", maxCompletionTokens, in: &bytes)
        guard members.omittingNil("temperature", temperature, in: &bytes), members.omittingNil("top_p", topP, in: &bytes) else {
            return nil
        }
        switch stop {
        case .single(let sequence): members.omittingNil("stop", sequence, in: &bytes)
        case .multiple(let sequences): members.omittingNil("stop", sequences, in: &bytes)
        case nil: break
        }
        members.omittingNil("stream", stream, in: &bytes)
        if let streamOptions {
            members.key("stream_options", in: &bytes)
            var optionMembers = JSONMembers(opening: &bytes)
            optionMembers.omittingNil("include_usage", streamOptions.includeUsage, in: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        if let responseFormat {
            members.key("response_format", in: &bytes)
            guard responseFormat.write(to: &bytes) else { return nil }
        }
        members.omittingNil("reasoning_effort", reasoningEffort, in: &bytes)
        members.omittingNil("user", user, in: &bytes)
        if let metadata {
            members.key("metadata", in: &bytes)
            bytes.append(UInt8(ascii: "{"))
            for (position, (key, value)) in metadata.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                JSONStringLiteral.append(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                JSONStringLiteral.append(value, to: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
        members.omittingNil("n", n, in: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}

extension OpenAI.ChatMessage {
    /// Writes the message as its `encode(to:)` does; `false` when a tool call's arguments hold a number that is not
    /// finite.
    fileprivate func write(to bytes: inout [UInt8]) -> Bool {
        var members = JSONMembers(opening: &bytes)
        members.omittingNil("role", role.rawValue, in: &bytes)
        switch content {
        case .text(let text):
            members.omittingNil("content", text, in: &bytes)
        case .parts(let parts):
            members.key("content", in: &bytes)
            _ = JSONArray.write(parts, to: &bytes) { part, bytes in
                var partMembers = JSONMembers(opening: &bytes)
                switch part {
                case .text(let text):
                    partMembers.omittingNil("type", "text", in: &bytes)
                    partMembers.omittingNil("text", text, in: &bytes)
                case .imageURL(let image):
                    partMembers.omittingNil("type", "image_url", in: &bytes)
                    partMembers.key("image_url", in: &bytes)
                    var imageMembers = JSONMembers(opening: &bytes)
                    imageMembers.omittingNil("url", image.url, in: &bytes)
                    imageMembers.omittingNil("detail", image.detail, in: &bytes)
                    bytes.append(UInt8(ascii: "}"))
                case .refusal(let refusal):
                    partMembers.omittingNil("type", "refusal", in: &bytes)
                    partMembers.omittingNil("refusal", refusal, in: &bytes)
                }
                bytes.append(UInt8(ascii: "}"))
                return true
            }
        case nil:
            break
        }
        members.omittingNil("name", name, in: &bytes)
        members.omittingNil("refusal", refusal, in: &bytes)
        if let toolCalls {
            guard members.toolCalls(toolCalls, in: &bytes) else { return false }
        }
        members.omittingNil("tool_call_id", toolCallID, in: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return true
    }
}

extension OpenAI.ResponseFormat {
    /// Writes the format as its `encode(to:)` does; `false` when its schema holds a number that is not finite.
    fileprivate func write(to bytes: inout [UInt8]) -> Bool {
        switch self {
        case .text:
            bytes += #"{"type":"text"}"#.utf8
        case .jsonObject:
            bytes += #"{"type":"json_object"}"#.utf8
        case .jsonSchema(let format):
            bytes += #"{"type":"json_schema","json_schema":"#.utf8
            var members = JSONMembers(opening: &bytes)
            members.omittingNil("name", format.name, in: &bytes)
            members.omittingNil("description", format.description, in: &bytes)
            if let schema = format.schema {
                guard members.value("schema", schema, in: &bytes) else { return false }
            }
            members.omittingNil("strict", format.strict, in: &bytes)
            bytes += "}}".utf8
        }
        return true
    }
}
