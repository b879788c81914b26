import SwitchyardCore

// The readers of content blocks and what they hold, shared by the request's reader and the answer's
// (`Anthropic.MessagesRequest+Scanning.swift`, `Anthropic.Message+Scanning.swift`). Each gives up with
// `JSONScanMismatch` on anything the general reading would read differently or refuse.

extension Anthropic.MessageContent {
    /// A string or an array of blocks; `nil` for `null`.
    init?(scanning scanner: inout JSONScanner) throws {
        switch try scanner.stringOrOther() {
        case .null: return nil
        case .string(let text): self = .text(text)
        case .other: self = .blocks(try Anthropic.ContentBlock.array(scanning: &scanner))
        }
    }
}

extension Anthropic.CacheControlEphemeral {
    /// An `ephemeral` breakpoint with a `5m` or `1h` lifetime, or `nil` for `null`.
    init?(scanning scanner: inout JSONScanner) throws {
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
    static func array(scanning scanner: inout JSONScanner) throws -> [Anthropic.ContentBlock] {
        var blocks: [Anthropic.ContentBlock] = []
        guard try scanner.array({ scanner in blocks.append(try Anthropic.ContentBlock(scanning: &scanner)) }) else {
            throw JSONScanMismatch()
        }
        return blocks
    }

    /// A block of a type Switchyard translates, its fields read whichever order they come in.
    init(scanning scanner: inout JSONScanner) throws {
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
    private var seen = ScannedFields()

    mutating func read(_ key: JSONKey, from scanner: inout JSONScanner) throws {
        switch key {
        case "type": try seen.first(0); type = try scanner.nullableString()
        case "text": try seen.first(1); text = try scanner.nullableString()
        case "cache_control": try seen.first(2); cacheControl = try Anthropic.CacheControlEphemeral(scanning: &scanner)
        case "source": try seen.first(3); source = try Anthropic.ImageSource(scanning: &scanner)
        case "id": try seen.first(4); id = try scanner.nullableString()
        case "name": try seen.first(5); name = try scanner.nullableString()
        case "input": try seen.first(6); input = try scanner.nullableJSONValue() ?? .null
        case "tool_use_id": try seen.first(7); toolUseID = try scanner.nullableString()
        case "content": try seen.first(8); content = try Anthropic.MessageContent(scanning: &scanner)
        case "is_error": try seen.first(9); isError = try scanner.nullableBool()
        case "thinking": try seen.first(10); thinking = try scanner.nullableString()
        case "signature": try seen.first(11); signature = try scanner.nullableString()
        case "data": try seen.first(12); data = try scanner.nullableString()
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
    init?(scanning scanner: inout JSONScanner) throws {
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
