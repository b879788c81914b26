import SwitchyardCore

extension Anthropic.MessageStreamEvent {
    /// The event read field by field with a ``JSONScanner`` — several times faster than `JSONDecoder` — when it is
    /// one of the events a stream sends for every fragment: `content_block_delta` with a text, tool-input, thinking or
    /// signature delta, `content_block_stop`, `ping`, `message_stop`. `nil` for any other event, a field of another
    /// type, a known field given twice or text that is not JSON; the caller then decodes it with `JSONDecoder`, whose
    /// reading (fields in any order, unknown fields ignored) this one matches and whose errors say what is wrong.
    init?(scanning bytes: some Collection<UInt8>) {
        let event = try? JSONScanner.withScanner(over: bytes) { scanner -> Anthropic.MessageStreamEvent in
            var type: String?
            var index: Int?
            var delta: Anthropic.ContentBlockDelta?
            var seen = ScannedFields()
            guard try scanner.object({ key, scanner in
                switch key {
                case "type": try seen.first(0); type = try scanner.nullableString()
                case "index": try seen.first(1); index = try scanner.nullableInteger()
                case "delta": try seen.first(2); delta = try Anthropic.ContentBlockDelta(scanning: &scanner)
                default: try scanner.skipValue()
                }
            }) else { throw JSONScanMismatch() }
            try scanner.end()
            switch type {
            case "content_block_delta":
                guard let index, let delta else { throw JSONScanMismatch() }
                return .contentBlockDelta(index: index, delta: delta)
            case "content_block_stop":
                guard let index else { throw JSONScanMismatch() }
                return .contentBlockStop(index: index)
            case "ping":
                return .ping
            case "message_stop":
                return .messageStop
            default:
                throw JSONScanMismatch()
            }
        }
        guard let event else { return nil }
        self = event
    }
}

extension Anthropic.ContentBlockDelta {
    /// The four deltas the gateway translates, each with its one string field; a throw for anything else (another
    /// delta, or another event's `delta`, which `JSONDecoder` reads).
    fileprivate init(scanning scanner: inout JSONScanner) throws {
        var type: String?
        var text: String?
        var partialJSON: String?
        var thinking: String?
        var signature: String?
        var seen = ScannedFields()
        guard try scanner.object({ key, scanner in
            switch key {
            case "type": try seen.first(0); type = try scanner.nullableString()
            case "text": try seen.first(1); text = try scanner.nullableString()
            case "partial_json": try seen.first(2); partialJSON = try scanner.nullableString()
            case "thinking": try seen.first(3); thinking = try scanner.nullableString()
            case "signature": try seen.first(4); signature = try scanner.nullableString()
            default: try scanner.skipValue()
            }
        }) else { throw JSONScanMismatch() }
        switch type {
        case "text_delta":
            guard let text else { throw JSONScanMismatch() }
            self = .text(text)
        case "input_json_delta":
            guard let partialJSON else { throw JSONScanMismatch() }
            self = .inputJSON(partialJSON: partialJSON)
        case "thinking_delta":
            guard let thinking else { throw JSONScanMismatch() }
            self = .thinking(thinking)
        case "signature_delta":
            guard let signature else { throw JSONScanMismatch() }
            self = .signature(signature)
        default:
            throw JSONScanMismatch()
        }
    }
}
