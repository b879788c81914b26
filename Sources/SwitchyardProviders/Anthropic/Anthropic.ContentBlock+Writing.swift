import SwitchyardCore

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
        JSONArray.write(blocks, to: &bytes) { block, bytes in block.write(to: &bytes) }
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
