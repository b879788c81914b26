import SwitchyardCore

extension Anthropic {
    /// Turns Anthropic's streamed Messages events into canonical events, one SSE event at a time.
    ///
    /// Blocks map one to one. `message_start` opens the message with its usage; each `message_delta` carries the
    /// *cumulative* usage: the start's input and cache figures with the delta's output (input and cache figures in
    /// the delta, when present, replace the start's). `ping` and unknown event types are skipped; an `error` event
    /// becomes a canonical `error` whose status follows from the error type (`overloaded_error` 529, …).
    public struct MessagesStreamDecoder: UpstreamStreamDecoder {
        private enum State: Sendable {
            case awaitingStart
            case streaming(usage: SwitchyardCore.Usage)
            case finished
        }

        private var state = State.awaitingStart

        /// A decoder awaiting `message_start`.
        public init() {}

        /// Decodes one SSE event (its `data` is the JSON event, tagged by `type`).
        ///
        /// - Throws: ``SwitchyardError/upstreamProtocol(_:cause:)`` for malformed JSON or an event out of order.
        public mutating func decode(_ event: ServerSentEvent) throws -> [StreamEvent] {
            let wire = try MessageStreamEvent(scanning: event.data.utf8)
                ?? WireJSON.decodeUpstream(MessageStreamEvent.self, from: Array(event.data.utf8), what: "stream event")
            switch (state, wire) {
            case (_, .ping), (_, .unsupported), (.finished, _):
                return []
            case (_, .error(let detail)):
                state = .finished
                let status = Anthropic.httpStatus(forErrorType: detail.type)
                return [.error(Anthropic.upstreamError(status: status, type: detail.type, message: detail.message, retryAfter: nil))]
            case (.awaitingStart, .messageStart(let message)):
                let usage = message.usage.canonical
                state = .streaming(usage: usage)
                return [.messageStart(MessageStart(id: message.id, model: message.model, usage: usage))]
            case (.awaitingStart, _):
                throw SwitchyardError.upstreamProtocol("The Anthropic stream sent `\(wire.eventName)` before `message_start`.")
            case (.streaming, .messageStart):
                throw SwitchyardError.upstreamProtocol("The Anthropic stream sent a second `message_start`.")
            case (.streaming, .contentBlockStart(let index, let block)):
                return try Self.blockStart(index: index, block: block)
            case (.streaming, .contentBlockDelta(let index, let delta)):
                return Self.blockDelta(index: index, delta: delta)
            case (.streaming, .contentBlockStop(let index)):
                return [.blockStop(index: index)]
            case (.streaming(let usage), .messageDelta(let delta, let deltaUsage)):
                let cumulative = deltaUsage.merged(into: usage)
                state = .streaming(usage: cumulative)
                return [
                    .messageDelta(
                        SwitchyardCore.MessageDelta(
                            stopReason: Anthropic.stopReason(fromWire: delta.stopReason),
                            stopSequence: delta.stopSequence,
                            usage: cumulative
                        )
                    )
                ]
            case (.streaming, .messageStop):
                state = .finished
                return [.messageStop]
            }
        }

        /// Checks that the stream ended properly.
        ///
        /// - Throws: ``SwitchyardError/upstreamProtocol(_:cause:)`` when neither `message_stop` nor `error` arrived.
        public mutating func finish() throws -> [StreamEvent] {
            guard case .finished = state else {
                throw SwitchyardError.upstreamProtocol("The Anthropic stream ended before `message_stop`.")
            }
            return []
        }

        /// A block start, followed by deltas for any content the start already carries (normally none).
        private static func blockStart(index: Int, block: ContentBlock) throws -> [StreamEvent] {
            switch block {
            case .text(let text):
                return [.blockStart(index: index, block: .text)] + (text.text.isEmpty ? [] : [.blockDelta(index: index, delta: .text(text.text))])
            case .toolUse(let toolUse):
                var events: [StreamEvent] = [.blockStart(index: index, block: .toolUse(id: toolUse.id, name: toolUse.name))]
                if let input = toolUse.input.objectValue, !input.isEmpty {
                    events.append(.blockDelta(index: index, delta: .toolInputJSON(toolUse.input.compactJSONString)))
                }
                return events
            case .thinking(let thinking):
                var events: [StreamEvent] = [.blockStart(index: index, block: .thinking)]
                if !thinking.thinking.isEmpty { events.append(.blockDelta(index: index, delta: .thinking(thinking.thinking))) }
                if let signature = thinking.signature, !signature.isEmpty {
                    events.append(.blockDelta(index: index, delta: .signature(signature)))
                }
                return events
            case .redactedThinking(let redacted):
                return [.blockStart(index: index, block: .redactedThinking(data: redacted.data))]
            case .image, .toolResult:
                throw SwitchyardError.upstreamProtocol("The Anthropic stream started a content block a model cannot produce.")
            }
        }

        private static func blockDelta(index: Int, delta: ContentBlockDelta) -> [StreamEvent] {
            switch delta {
            case .text(let text): [.blockDelta(index: index, delta: .text(text))]
            case .inputJSON(let partialJSON): [.blockDelta(index: index, delta: .toolInputJSON(partialJSON))]
            case .thinking(let thinking): [.blockDelta(index: index, delta: .thinking(thinking))]
            case .signature(let signature): [.blockDelta(index: index, delta: .signature(signature))]
            case .unsupported: []
            }
        }
    }
}
