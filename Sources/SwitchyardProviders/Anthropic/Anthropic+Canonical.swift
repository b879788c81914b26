import SwitchyardCore

// Conversions between Anthropic's wire types and the canonical model, shared by both directions.

extension Anthropic.CacheControlEphemeral {
    /// The wire form of a canonical breakpoint.
    init(_ cacheControl: CacheControl) {
        self.init(ttl: cacheControl.ttl?.rawValue)
    }

    /// The canonical breakpoint (the ttl was validated when decoded).
    var canonical: CacheControl {
        CacheControl(ttl: ttl.flatMap(CacheControl.TimeToLive.init(rawValue:)))
    }
}

extension Anthropic.ContentBlock {
    /// The canonical part for this block.
    var canonical: ContentPart {
        switch self {
        case .text(let block):
            .text(TextPart(text: block.text, cacheControl: block.cacheControl?.canonical))
        case .image(let block):
            .image(ImagePart(source: block.source.canonical, cacheControl: block.cacheControl?.canonical))
        case .toolUse(let block):
            .toolUse(ToolUse(id: block.id, name: block.name, input: block.input, cacheControl: block.cacheControl?.canonical))
        case .toolResult(let block):
            .toolResult(
                ToolResult(
                    toolUseID: block.toolUseID,
                    content: block.content?.canonical ?? [],
                    isError: block.isError ?? false,
                    cacheControl: block.cacheControl?.canonical
                )
            )
        case .thinking(let block):
            .thinking(Thinking(text: block.thinking, signature: block.signature.flatMap { $0.isEmpty ? nil : $0 }))
        case .redactedThinking(let block):
            .redactedThinking(data: block.data)
        }
    }

    /// The wire block for a canonical part sent to Anthropic; `nil` for a part Anthropic would refuse.
    ///
    /// A thinking part without a signature (reasoning another provider produced) is dropped: Anthropic rejects
    /// thinking blocks it cannot authenticate. A tool use's Gemini signature has no Anthropic field and is dropped.
    init?(_ part: ContentPart) {
        switch part {
        case .text(let text):
            self = .text(Anthropic.TextBlock(text: text.text, cacheControl: text.cacheControl.map(Anthropic.CacheControlEphemeral.init)))
        case .image(let image):
            self = .image(
                Anthropic.ImageBlock(
                    source: Anthropic.ImageSource(image.source),
                    cacheControl: image.cacheControl.map(Anthropic.CacheControlEphemeral.init)
                )
            )
        case .toolUse(let toolUse):
            self = .toolUse(
                Anthropic.ToolUseBlock(
                    id: toolUse.id,
                    name: toolUse.name,
                    input: toolUse.input,
                    cacheControl: toolUse.cacheControl.map(Anthropic.CacheControlEphemeral.init)
                )
            )
        case .toolResult(let result):
            let blocks = result.content.compactMap { part -> Anthropic.ContentBlock? in
                switch part {
                case .text, .image: Anthropic.ContentBlock(part)
                default: nil
                }
            }
            self = .toolResult(
                Anthropic.ToolResultBlock(
                    toolUseID: result.toolUseID,
                    content: blocks.isEmpty ? nil : .blocks(blocks),
                    isError: result.isError ? true : nil,
                    cacheControl: result.cacheControl.map(Anthropic.CacheControlEphemeral.init)
                )
            )
        case .thinking(let thinking):
            guard let signature = thinking.signature, !signature.isEmpty else { return nil }
            self = .thinking(Anthropic.ThinkingBlock(thinking: thinking.text, signature: signature))
        case .redactedThinking(let data):
            self = .redactedThinking(Anthropic.RedactedThinkingBlock(data: data))
        }
    }
}

extension Anthropic.ToolResultContent {
    /// The canonical parts: a string becomes one text part.
    var canonical: [ContentPart] {
        switch self {
        case .text(let text): [.text(text)]
        case .blocks(let blocks): blocks.map(\.canonical)
        }
    }
}

extension Anthropic.ImageSource {
    /// The canonical source.
    var canonical: ImagePart.Source {
        switch self {
        case .base64(let mediaType, let data): .base64(mediaType: mediaType, data: data)
        case .url(let url): .url(url)
        }
    }

    /// The wire source for a canonical one. A `data:` URL becomes a base64 source, since Anthropic fetches only
    /// http(s) URLs.
    init(_ source: ImagePart.Source) {
        switch source {
        case .base64(let mediaType, let data):
            self = .base64(mediaType: mediaType, data: data)
        case .url(let url):
            if let (mediaType, data) = DataURL.parse(url) {
                self = .base64(mediaType: mediaType, data: data)
            } else {
                self = .url(url)
            }
        }
    }
}

extension Anthropic.Usage {
    /// The canonical usage. `input_tokens` already excludes cache reads and writes. Cache writes are split by
    /// lifetime from `cache_creation` when present; otherwise all of `cache_creation_input_tokens` counts as
    /// five-minute writes.
    var canonical: SwitchyardCore.Usage {
        let fiveMinute: Int
        let oneHour: Int
        if let split = cacheCreation {
            fiveMinute = split.ephemeral5mInputTokens ?? 0
            oneHour = split.ephemeral1hInputTokens ?? 0
        } else {
            fiveMinute = cacheCreationInputTokens ?? 0
            oneHour = 0
        }
        return SwitchyardCore.Usage(
            inputTokens: inputTokens,
            cacheReadTokens: cacheReadInputTokens ?? 0,
            cacheWriteTokens: fiveMinute,
            cacheWrite1hTokens: oneHour,
            outputTokens: outputTokens
        )
    }

    /// The wire usage for canonical figures, every field filled in.
    init(_ usage: SwitchyardCore.Usage) {
        self.init(
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            cacheCreationInputTokens: usage.totalCacheWriteTokens,
            cacheReadInputTokens: usage.cacheReadTokens,
            cacheCreation: Anthropic.CacheCreation(
                ephemeral5mInputTokens: usage.cacheWriteTokens,
                ephemeral1hInputTokens: usage.cacheWrite1hTokens
            )
        )
    }
}

extension Anthropic.MessageDeltaUsage {
    /// The wire delta usage for canonical cumulative figures, input and cache fields included.
    init(_ usage: SwitchyardCore.Usage) {
        self.init(
            outputTokens: usage.outputTokens,
            inputTokens: usage.inputTokens,
            cacheCreationInputTokens: usage.totalCacheWriteTokens,
            cacheReadInputTokens: usage.cacheReadTokens
        )
    }

    /// Cumulative usage: `base` (what `message_start` reported) updated with this delta. Output comes from the
    /// delta; input and cache figures present in the delta replace the base's. A replaced cache-write total keeps
    /// the base's one-hour share (up to the new total) and counts the rest as five-minute writes.
    func merged(into base: SwitchyardCore.Usage) -> SwitchyardCore.Usage {
        var usage = base
        usage.outputTokens = outputTokens
        if let inputTokens { usage.inputTokens = inputTokens }
        if let cacheReadInputTokens { usage.cacheReadTokens = cacheReadInputTokens }
        if let cacheCreationInputTokens, cacheCreationInputTokens != base.totalCacheWriteTokens {
            usage.cacheWrite1hTokens = min(base.cacheWrite1hTokens, cacheCreationInputTokens)
            usage.cacheWriteTokens = cacheCreationInputTokens - usage.cacheWrite1hTokens
        }
        return usage
    }
}

extension Anthropic {
    /// The canonical stop reason for a wire `stop_reason`; `nil` for none or one this version does not know.
    static func stopReason(fromWire wire: String?) -> StopReason? {
        switch wire {
        case "end_turn": .endTurn
        case "max_tokens", "model_context_window_exceeded": .maxTokens
        case "stop_sequence": .stopSequence
        case "tool_use": .toolUse
        case "refusal": .refusal
        case "pause_turn": .pauseTurn
        default: nil
        }
    }

    /// The wire `stop_reason` for a canonical one; a content filter is reported as `refusal`, Anthropic's nearest.
    static func wireStopReason(_ reason: StopReason?) -> String? {
        switch reason {
        case nil: nil
        case .endTurn: "end_turn"
        case .maxTokens: "max_tokens"
        case .stopSequence: "stop_sequence"
        case .toolUse: "tool_use"
        case .contentFilter, .refusal: "refusal"
        case .pauseTurn: "pause_turn"
        }
    }
}
