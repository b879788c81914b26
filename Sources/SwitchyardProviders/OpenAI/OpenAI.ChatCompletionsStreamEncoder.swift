import SwitchyardCore

extension OpenAI {
    /// Encodes canonical events as `chat.completion.chunk` SSE lines.
    ///
    /// The stream reads: a first chunk with `delta: {"role": "assistant", "content": ""}`; text fragments as
    /// `delta.content`; each tool call as a chunk carrying its `index` (counting tool calls, not blocks), `id`,
    /// `type` and `function.name` with `arguments: ""`, then its argument fragments; a chunk with an empty
    /// delta and the `finish_reason`; with `include_usage`, a chunk with `choices: []` and the usage; then
    /// `data: [DONE]`. Every chunk has the same `id`, `object`, `created` and `model`. Thinking is omitted.
    ///
    /// The chunks of the answer are written by hand — the part every chunk shares once, then each delta — because
    /// `JSONEncoder` cost more than everything else the gateway does with a streamed chunk; the once-per-stream
    /// usage chunk and errors go through it.
    public struct ChatCompletionsStreamEncoder: InboundStreamEncoder {
        private let includeUsage: Bool
        private let created: Int
        private var id = "chatcmpl-"
        private var model = ""
        /// `data: {"id":…,"object":…,"created":…,"model":…,"choices":[{"index":0,"delta":`, for this stream.
        private var chunkPrefix: [UInt8] = []
        private var toolCallIndices: [Int: Int] = [:]
        private var stopReason: StopReason?
        private var usage = SwitchyardCore.Usage.zero

        init(includeUsage: Bool, created: Int) {
            self.includeUsage = includeUsage
            self.created = created
            chunkPrefix = Self.chunkPrefix(id: id, created: created, model: model)
        }

        /// The SSE bytes for one canonical event.
        public mutating func encode(_ event: StreamEvent) -> [UInt8] {
            switch event {
            case .messageStart(let start):
                id = ChatCompletionsAPI.completionID(start.id)
                model = start.model
                chunkPrefix = Self.chunkPrefix(id: id, created: created, model: model)
                return chunk { $0 += #"{"role":"assistant","content":""}"#.utf8 }
            case .blockStart(let index, .toolUse(let callID, let name, _)):
                let callIndex = toolCallIndices.count
                toolCallIndices[index] = callIndex
                return chunk { delta in
                    delta += #"{"tool_calls":[{"index":\#(callIndex),"id":"#.utf8
                    JSONStringLiteral.append(callID, to: &delta)
                    delta += #","type":"function","function":{"name":"#.utf8
                    JSONStringLiteral.append(name, to: &delta)
                    delta += #","arguments":""}}]}"#.utf8
                }
            case .blockDelta(_, .text(let text)) where !text.isEmpty:
                return chunk { delta in
                    delta += #"{"content":"#.utf8
                    JSONStringLiteral.append(text, to: &delta)
                    delta.append(UInt8(ascii: "}"))
                }
            case .blockDelta(let index, .toolInputJSON(let fragment)) where !fragment.isEmpty:
                guard let callIndex = toolCallIndices[index] else { return [] }
                return chunk { delta in
                    delta += #"{"tool_calls":[{"index":\#(callIndex),"function":{"arguments":"#.utf8
                    JSONStringLiteral.append(fragment, to: &delta)
                    delta += "}}]}".utf8
                }
            case .blockStart, .blockDelta, .blockStop:
                return []
            case .messageDelta(let delta):
                if let reason = delta.stopReason { stopReason = reason }
                if let total = delta.usage { usage = total }
                return []
            case .messageStop:
                return finish()
            case .error(let error):
                return encodeError(error, requestID: nil)
            }
        }

        /// `data: {"error": {…}}`, the shape the OpenAI SDKs raise from inside a stream.
        public mutating func encodeError(_ error: SwitchyardError, requestID: String?) -> [UInt8] {
            let envelope = ErrorEnvelope(error: OpenAI.errorObject(for: error, requestID: requestID))
            return Self.event(WireJSON.encode(envelope))
        }

        private func finish() -> [UInt8] {
            let reason = stopReason == nil && !toolCallIndices.isEmpty ? "tool_calls" : OpenAI.finishReason(for: stopReason)
            var bytes = chunk(finishReason: reason) { $0 += "{}".utf8 }
            if includeUsage {
                let usageChunk = ChatCompletionChunk(id: id, created: created, model: model, choices: [], usage: Usage(canonical: usage))
                bytes += Self.event(WireJSON.encode(usageChunk))
            }
            bytes += ServerSentEvent(data: "[DONE]").encoded
            return bytes
        }

        /// One chunk's SSE event: the stream's shared prefix, the delta `writeDelta` appends, and the rest.
        private func chunk(finishReason: String? = nil, writeDelta: (inout [UInt8]) -> Void) -> [UInt8] {
            var bytes = chunkPrefix
            bytes.reserveCapacity(chunkPrefix.count + 128)
            writeDelta(&bytes)
            bytes += #","logprobs":null,"finish_reason":"#.utf8
            if let finishReason {
                JSONStringLiteral.append(finishReason, to: &bytes)
            } else {
                bytes += "null".utf8
            }
            bytes += "}],\"usage\":null}\n\n".utf8
            return bytes
        }

        private static func chunkPrefix(id: String, created: Int, model: String) -> [UInt8] {
            var bytes = Array(#"data: {"id":"#.utf8)
            JSONStringLiteral.append(id, to: &bytes)
            bytes += #","object":"chat.completion.chunk","created":\#(created),"model":"#.utf8
            JSONStringLiteral.append(model, to: &bytes)
            bytes += #","choices":[{"index":0,"delta":"#.utf8
            return bytes
        }

        private static func event(_ json: [UInt8]) -> [UInt8] {
            Array("data: ".utf8) + json + Array("\n\n".utf8)
        }
    }
}
