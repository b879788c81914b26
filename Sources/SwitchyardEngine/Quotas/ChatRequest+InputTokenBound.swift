import SwitchyardCore

extension ChatRequest {
    /// An upper bound on the input tokens this request can be billed for, for reservations.
    ///
    /// Every token of a byte-level tokenizer covers at least one byte, so the UTF-8 size of the text (system,
    /// messages, tool definitions) bounds its tokens; each message adds a few tokens of framing, and each image
    /// is counted at 2,000 tokens, above what any provider charges for a standard-size image.
    var inputTokenBound: Int {
        var bytes = system.reduce(0) { $0 + $1.text.utf8.count }
        var images = 0
        for message in messages {
            for part in message.content {
                switch part {
                case .text(let text): bytes += text.text.utf8.count
                case .toolUse(let toolUse): bytes += toolUse.name.utf8.count + toolUse.input.compactJSONByteCount
                case .toolResult(let result): bytes += result.joinedText.utf8.count
                case .thinking(let thinking): bytes += thinking.text.utf8.count
                case .redactedThinking(let data): bytes += data.utf8.count
                case .image: images += 1
                }
            }
        }
        for tool in tools {
            bytes += tool.name.utf8.count + tool.inputSchema.compactJSONByteCount + (tool.description?.utf8.count ?? 0)
        }
        return bytes + images * 2_000 + messages.count * 8 + 16
    }
}
