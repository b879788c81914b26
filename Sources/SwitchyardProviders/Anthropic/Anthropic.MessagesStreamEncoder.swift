import SwitchyardCore

extension Anthropic {
    /// Encodes canonical events as the named SSE events Anthropic streams, for clients of the Messages API.
    ///
    /// - `message_start` carries the full message with empty content and the usage known so far (zeros when the
    ///   upstream reports none at the start, as OpenAI-style upstreams do).
    /// - Block indices are renumbered 0, 1, 2, … in order of appearance, as Anthropic's SDKs require.
    /// - Each `message_delta` repeats the latest stop reason and carries cumulative usage with the input and
    ///   cache figures alongside `output_tokens` (current SDKs take cumulative input figures from it).
    /// - A signature delta for anything but a thinking block (Gemini's tool-call signatures) has no Anthropic
    ///   form and is dropped.
    ///
    /// `content_block_delta`, the event of every fragment, is written by hand: through `JSONEncoder` it cost more
    /// than everything else the gateway does with a streamed fragment. The few events around it still go through
    /// `JSONEncoder`.
    public struct MessagesStreamEncoder: InboundStreamEncoder {
        private struct Block: Sendable {
            var index: Int
            var isThinking: Bool
        }

        private var blocks: [Int: Block] = [:]
        private var nextIndex = 0
        private var usage = SwitchyardCore.Usage.zero
        private var stopReason: String?
        private var stopSequence: String?

        /// An encoder for one streamed answer.
        public init() {}

        /// The SSE bytes for one canonical event.
        public mutating func encode(_ event: StreamEvent) -> [UInt8] {
            switch event {
            case .messageStart(let start):
                if let startUsage = start.usage { usage = startUsage }
                let message = Message(
                    id: MessagesAPI.messageID(start.id),
                    model: start.model,
                    content: [],
                    stopReason: nil,
                    stopSequence: nil,
                    usage: Usage(usage)
                )
                return Self.sse(.messageStart(message: message))
            case .blockStart(let index, let start):
                let block = Block(index: nextIndex, isThinking: start == .thinking)
                blocks[index] = block
                nextIndex += 1
                return Self.sse(.contentBlockStart(index: block.index, contentBlock: Self.emptyBlock(start)))
            case .blockDelta(let index, let delta):
                guard let block = blocks[index] else { return [] }
                switch delta {
                case .text(let text): return Self.contentBlockDelta(index: block.index, type: "text_delta", field: "text", value: text)
                case .toolInputJSON(let json):
                    return Self.contentBlockDelta(index: block.index, type: "input_json_delta", field: "partial_json", value: json)
                case .thinking(let thinking):
                    return Self.contentBlockDelta(index: block.index, type: "thinking_delta", field: "thinking", value: thinking)
                case .signature(let signature):
                    guard block.isThinking else { return [] }
                    return Self.contentBlockDelta(index: block.index, type: "signature_delta", field: "signature", value: signature)
                }
            case .blockStop(let index):
                guard let block = blocks[index] else { return [] }
                return Self.sse(.contentBlockStop(index: block.index))
            case .messageDelta(let delta):
                if let reason = delta.stopReason { stopReason = Anthropic.wireStopReason(reason) }
                if let sequence = delta.stopSequence { stopSequence = sequence }
                if let total = delta.usage { usage = total }
                return Self.sse(
                    .messageDelta(
                        delta: MessageDelta(stopReason: stopReason, stopSequence: stopSequence),
                        usage: MessageDeltaUsage(usage)
                    )
                )
            case .messageStop:
                return Self.sse(.messageStop)
            case .error(let error):
                return encodeError(error, requestID: nil)
            }
        }

        /// `event: error` with the error envelope as its data.
        public mutating func encodeError(_ error: SwitchyardError, requestID: String?) -> [UInt8] {
            let body = WireJSON.encode(MessagesAPI.errorResponse(error, requestID: requestID))
            return ServerSentEvent(event: "error", data: String(decoding: body, as: UTF8.self)).encoded
        }

        private static func emptyBlock(_ start: BlockStart) -> ContentBlock {
            switch start {
            case .text: .text(TextBlock(text: ""))
            case .toolUse(let id, let name, _): .toolUse(ToolUseBlock(id: id, name: name, input: .object([:])))
            case .thinking: .thinking(ThinkingBlock(thinking: "", signature: ""))
            case .redactedThinking(let data): .redactedThinking(RedactedThinkingBlock(data: data))
            }
        }

        /// `event: content_block_delta` with `{"type":"content_block_delta","index":…,"delta":{"type":…,FIELD:…}}`.
        private static func contentBlockDelta(index: Int, type: StaticString, field: StaticString, value: String) -> [UInt8] {
            var bytes = Array(#"event: content_block_delta\#ndata: {"type":"content_block_delta","index":\#(index),"delta":{"type":""#.utf8)
            bytes.reserveCapacity(bytes.count + value.utf8.count + 32)
            bytes += UnsafeBufferPointer(start: type.utf8Start, count: type.utf8CodeUnitCount)
            bytes += #"",""#.utf8
            bytes += UnsafeBufferPointer(start: field.utf8Start, count: field.utf8CodeUnitCount)
            bytes += #"":"#.utf8
            JSONStringLiteral.append(value, to: &bytes)
            bytes += "}}\n\n".utf8
            return bytes
        }

        private static func sse(_ event: MessageStreamEvent) -> [UInt8] {
            ServerSentEvent(event: event.eventName, data: String(decoding: WireJSON.encode(event), as: UTF8.self)).encoded
        }
    }
}
