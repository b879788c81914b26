extension ChatResponse {
    /// The events that stream this whole response, in the grammar ``StreamEvent`` documents.
    ///
    /// Used when an upstream answered in one piece but the pipeline speaks in events.
    public var streamEvents: [StreamEvent] {
        var events: [StreamEvent] = [.messageStart(MessageStart(id: id, model: model))]
        for (index, part) in content.enumerated() {
            switch part {
            case .text(let text):
                events.append(.blockStart(index: index, block: .text))
                if !text.text.isEmpty { events.append(.blockDelta(index: index, delta: .text(text.text))) }
            case .toolUse(let toolUse):
                events.append(.blockStart(index: index, block: .toolUse(id: toolUse.id, name: toolUse.name, signature: toolUse.signature)))
                events.append(.blockDelta(index: index, delta: .toolInputJSON(toolUse.input.compactJSONString)))
            case .thinking(let thinking):
                events.append(.blockStart(index: index, block: .thinking))
                if !thinking.text.isEmpty { events.append(.blockDelta(index: index, delta: .thinking(thinking.text))) }
                if let signature = thinking.signature { events.append(.blockDelta(index: index, delta: .signature(signature))) }
            case .redactedThinking(let data):
                events.append(.blockStart(index: index, block: .redactedThinking(data: data)))
            case .image, .toolResult:
                // Models do not answer with images or tool results; nothing to stream.
                continue
            }
            events.append(.blockStop(index: index))
        }
        events.append(.messageDelta(MessageDelta(stopReason: stopReason, stopSequence: stopSequence, usage: usage)))
        events.append(.messageStop)
        return events
    }
}
