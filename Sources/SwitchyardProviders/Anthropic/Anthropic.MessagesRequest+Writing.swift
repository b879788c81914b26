import SwitchyardCore

extension Anthropic.MessagesRequest {
    /// The request as compact JSON, written field by field: the bytes ``WireJSON/encode(_:)`` writes for it, without
    /// a trip through the `Encoder` protocol per field (half of the translation of a long agent's request, every
    /// call). `nil` when it holds a number that is not finite; ``WireJSON`` writes those.
    var writtenJSON: [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1024)
        var members = JSONMembers(opening: &bytes)
        members.omittingNil("model", model, in: &bytes)
        members.omittingNil("max_tokens", maxTokens, in: &bytes)
        members.key("messages", in: &bytes)
        let messagesWritten = JSONArray.write(messages, to: &bytes) { message, bytes in
            var messageMembers = JSONMembers(opening: &bytes)
            messageMembers.omittingNil("role", message.role.rawValue, in: &bytes)
            messageMembers.key("content", in: &bytes)
            guard message.content.write(to: &bytes) else { return false }
            bytes.append(UInt8(ascii: "}"))
            return true
        }
        guard messagesWritten else { return nil }
        switch system {
        case .text(let text):
            members.omittingNil("system", text, in: &bytes)
        case .blocks(let blocks):
            members.key("system", in: &bytes)
            guard Anthropic.ContentBlock.write(blocks.map(Anthropic.ContentBlock.text), to: &bytes) else { return nil }
        case nil:
            break
        }
        if let tools {
            members.key("tools", in: &bytes)
            let toolsWritten = JSONArray.write(tools, to: &bytes) { tool, bytes in
                var toolMembers = JSONMembers(opening: &bytes)
                toolMembers.omittingNil("name", tool.name, in: &bytes)
                toolMembers.omittingNil("description", tool.description, in: &bytes)
                guard toolMembers.value("input_schema", tool.inputSchema, in: &bytes) else { return false }
                toolMembers.cacheControl(tool.cacheControl, in: &bytes)
                bytes.append(UInt8(ascii: "}"))
                return true
            }
            guard toolsWritten else { return nil }
        }
        if let toolChoice {
            members.key("tool_choice", in: &bytes)
            var choice = JSONMembers(opening: &bytes)
            choice.omittingNil("type", toolChoice.type, in: &bytes)
            choice.omittingNil("name", toolChoice.name, in: &bytes)
            choice.omittingNil("disable_parallel_tool_use", toolChoice.disableParallelToolUse, in: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        members.omittingNil("stop_sequences", stopSequences, in: &bytes)
        guard members.omittingNil("temperature", temperature, in: &bytes), members.omittingNil("top_p", topP, in: &bytes) else {
            return nil
        }
        members.omittingNil("top_k", topK, in: &bytes)
        members.omittingNil("stream", stream, in: &bytes)
        switch thinking {
        case .enabled(let budgetTokens):
            members.key("thinking", in: &bytes)
            var thinkingMembers = JSONMembers(opening: &bytes)
            thinkingMembers.omittingNil("type", "enabled", in: &bytes)
            thinkingMembers.omittingNil("budget_tokens", budgetTokens, in: &bytes)
            bytes.append(UInt8(ascii: "}"))
        case .disabled:
            members.key("thinking", in: &bytes)
            bytes += #"{"type":"disabled"}"#.utf8
        case nil:
            break
        }
        if let metadata {
            members.key("metadata", in: &bytes)
            var metadataMembers = JSONMembers(opening: &bytes)
            metadataMembers.omittingNil("user_id", metadata.userID, in: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }
}
