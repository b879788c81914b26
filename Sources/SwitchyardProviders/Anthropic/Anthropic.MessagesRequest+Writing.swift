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
        bytes.append(UInt8(ascii: "["))
        for (position, message) in messages.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            var messageMembers = JSONMembers(opening: &bytes)
            messageMembers.omittingNil("role", message.role.rawValue, in: &bytes)
            messageMembers.key("content", in: &bytes)
            guard message.content.write(to: &bytes) else { return nil }
            bytes.append(UInt8(ascii: "}"))
        }
        bytes.append(UInt8(ascii: "]"))
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
            bytes.append(UInt8(ascii: "["))
            for (position, tool) in tools.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                var toolMembers = JSONMembers(opening: &bytes)
                toolMembers.omittingNil("name", tool.name, in: &bytes)
                toolMembers.omittingNil("description", tool.description, in: &bytes)
                guard toolMembers.value("input_schema", tool.inputSchema, in: &bytes) else { return nil }
                toolMembers.cacheControl(tool.cacheControl, in: &bytes)
                bytes.append(UInt8(ascii: "}"))
            }
            bytes.append(UInt8(ascii: "]"))
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

extension Anthropic.MessageContent {
    /// Writes the content as its `encode(to:)` does: a string, or an array of blocks; `false` when a block holds a
    /// number that is not finite.
    func write(to bytes: inout [UInt8]) -> Bool {
        switch self {
        case .text(let text):
            JSONStringLiteral.append(text, to: &bytes)
            return true
        case .blocks(let blocks):
            return Anthropic.ContentBlock.write(blocks, to: &bytes)
        }
    }
}

extension Anthropic.ContentBlock {
    /// Writes `blocks` as a JSON array; `false` when a block holds a number that is not finite.
    static func write(_ blocks: [Anthropic.ContentBlock], to bytes: inout [UInt8]) -> Bool {
        bytes.append(UInt8(ascii: "["))
        for (position, block) in blocks.enumerated() {
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            guard block.write(to: &bytes) else { return false }
        }
        bytes.append(UInt8(ascii: "]"))
        return true
    }

    /// Writes the block as its `encode(to:)` does — `type` first, then the block's own fields; `false` when it holds
    /// a number that is not finite.
    func write(to bytes: inout [UInt8]) -> Bool {
        var members = JSONMembers(opening: &bytes)
        switch self {
        case .text(let block):
            members.omittingNil("type", "text", in: &bytes)
            members.omittingNil("text", block.text, in: &bytes)
            members.cacheControl(block.cacheControl, in: &bytes)
        case .image(let block):
            members.omittingNil("type", "image", in: &bytes)
            members.key("source", in: &bytes)
            var source = JSONMembers(opening: &bytes)
            switch block.source {
            case .base64(let mediaType, let data):
                source.omittingNil("type", "base64", in: &bytes)
                source.omittingNil("media_type", mediaType, in: &bytes)
                source.omittingNil("data", data, in: &bytes)
            case .url(let url):
                source.omittingNil("type", "url", in: &bytes)
                source.omittingNil("url", url, in: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
            members.cacheControl(block.cacheControl, in: &bytes)
        case .toolUse(let block):
            members.omittingNil("type", "tool_use", in: &bytes)
            members.omittingNil("id", block.id, in: &bytes)
            members.omittingNil("name", block.name, in: &bytes)
            guard members.value("input", block.input, in: &bytes) else { return false }
            members.cacheControl(block.cacheControl, in: &bytes)
        case .toolResult(let block):
            members.omittingNil("type", "tool_result", in: &bytes)
            members.omittingNil("tool_use_id", block.toolUseID, in: &bytes)
            if let content = block.content {
                members.key("content", in: &bytes)
                guard content.write(to: &bytes) else { return false }
            }
            members.omittingNil("is_error", block.isError, in: &bytes)
            members.cacheControl(block.cacheControl, in: &bytes)
        case .thinking(let block):
            members.omittingNil("type", "thinking", in: &bytes)
            members.omittingNil("thinking", block.thinking, in: &bytes)
            members.omittingNil("signature", block.signature, in: &bytes)
        case .redactedThinking(let block):
            members.omittingNil("type", "redacted_thinking", in: &bytes)
            members.omittingNil("data", block.data, in: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return true
    }
}

extension JSONMembers {
    /// The `cache_control` member, left out when `cacheControl` is `nil`.
    mutating func cacheControl(_ cacheControl: Anthropic.CacheControlEphemeral?, in bytes: inout [UInt8]) {
        guard let cacheControl else { return }
        key("cache_control", in: &bytes)
        var members = JSONMembers(opening: &bytes)
        members.omittingNil("type", cacheControl.type, in: &bytes)
        members.omittingNil("ttl", cacheControl.ttl, in: &bytes)
        bytes.append(UInt8(ascii: "}"))
    }
}
