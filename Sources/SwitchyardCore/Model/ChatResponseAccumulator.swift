/// Folds a canonical event stream back into one ``ChatResponse``.
///
/// Serves non-streaming clients of a streamed upstream, and metering of streamed answers. Feed every event
/// with ``consume(_:)``; read ``response`` when the stream has ended (or at any point for what arrived so far).
public struct ChatResponseAccumulator: Sendable {
    private var id = ""
    private var model = ""
    private var blocks: [Int: PartialBlock] = [:]
    private var blockOrder: [Int] = []
    private var stopReason: StopReason?
    private var stopSequence: String?
    private var usage = Usage.zero
    /// Whether a `messageStop` arrived.
    public private(set) var isComplete = false

    private enum PartialBlock: Sendable {
        case text(String)
        case toolUse(id: String, name: String, signature: String?, json: String)
        case thinking(text: String, signature: String?)
        case redactedThinking(String)
    }

    /// Creates an accumulator that has seen no events.
    public init() {}

    /// Takes in one event.
    ///
    /// - Throws: the ``SwitchyardError`` carried by an `error` event.
    public mutating func consume(_ event: StreamEvent) throws {
        switch event {
        case .messageStart(let start):
            id = start.id
            model = start.model
            if let startUsage = start.usage { usage = startUsage }
        case .blockStart(let index, let block):
            blockOrder.append(index)
            switch block {
            case .text: blocks[index] = .text("")
            case .toolUse(let id, let name, let signature): blocks[index] = .toolUse(id: id, name: name, signature: signature, json: "")
            case .thinking: blocks[index] = .thinking(text: "", signature: nil)
            case .redactedThinking(let data): blocks[index] = .redactedThinking(data)
            }
        case .blockDelta(let index, let delta):
            guard let block = blocks[index] else { return }
            switch (block, delta) {
            case (.text(let text), .text(let more)):
                blocks[index] = .text(text + more)
            case (.toolUse(let id, let name, let signature, let json), .toolInputJSON(let more)):
                blocks[index] = .toolUse(id: id, name: name, signature: signature, json: json + more)
            case (.toolUse(let id, let name, _, let json), .signature(let signature)):
                blocks[index] = .toolUse(id: id, name: name, signature: signature, json: json)
            case (.thinking(let text, let signature), .thinking(let more)):
                blocks[index] = .thinking(text: text + more, signature: signature)
            case (.thinking(let text, _), .signature(let signature)):
                blocks[index] = .thinking(text: text, signature: signature)
            default:
                break
            }
        case .blockStop:
            break
        case .messageDelta(let delta):
            if let reason = delta.stopReason { stopReason = reason }
            if let sequence = delta.stopSequence { stopSequence = sequence }
            if let total = delta.usage { usage = total }
        case .messageStop:
            isComplete = true
        case .error(let error):
            throw error
        }
    }

    /// The response as accumulated so far.
    public var response: ChatResponse {
        let content = blockOrder.compactMap { index -> ContentPart? in
            switch blocks[index] {
            case .text(let text): return .text(text)
            case .toolUse(let id, let name, let signature, let json):
                let input = json.isEmpty ? JSONValue.object([:]) : ((try? JSONValue(parsing: json)) ?? .string(json))
                return .toolUse(ToolUse(id: id, name: name, input: input, signature: signature))
            case .thinking(let text, let signature): return .thinking(Thinking(text: text, signature: signature))
            case .redactedThinking(let data): return .redactedThinking(data: data)
            case nil: return nil
            }
        }
        return ChatResponse(id: id, model: model, content: content, stopReason: stopReason, stopSequence: stopSequence, usage: usage)
    }

    /// The usage reported so far (the final figures once the stream has ended).
    public var currentUsage: Usage { usage }
}
