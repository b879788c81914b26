import SwitchyardCore

extension OpenAI {
    /// Encodes canonical events as `chat.completion.chunk` SSE lines.
    ///
    /// The stream reads: a first chunk with `delta: {"role": "assistant", "content": ""}`; text fragments as
    /// `delta.content`; each tool call as a chunk carrying its `index` (counting tool calls, not blocks), `id`,
    /// `type` and `function.name` with `arguments: ""`, then its argument fragments; a chunk with an empty
    /// delta and the `finish_reason`; with `include_usage`, a chunk with `choices: []` and the usage; then
    /// `data: [DONE]`. Every chunk has the same `id`, `object`, `created` and `model`. Thinking is omitted.
    public struct ChatCompletionsStreamEncoder: InboundStreamEncoder {
        private let includeUsage: Bool
        private let created: Int
        private var id = "chatcmpl-"
        private var model = ""
        private var toolCallIndices: [Int: Int] = [:]
        private var stopReason: StopReason?
        private var usage = SwitchyardCore.Usage.zero

        init(includeUsage: Bool, created: Int) {
            self.includeUsage = includeUsage
            self.created = created
        }

        /// The SSE bytes for one canonical event.
        public mutating func encode(_ event: StreamEvent) -> [UInt8] {
            switch event {
            case .messageStart(let start):
                id = ChatCompletionsAPI.completionID(start.id)
                model = start.model
                return chunk(Delta(role: "assistant", content: ""))
            case .blockStart(let index, .toolUse(let callID, let name, _)):
                let callIndex = toolCallIndices.count
                toolCallIndices[index] = callIndex
                let call = ToolCallDelta(index: callIndex, id: callID, type: "function", function: FunctionCallDelta(name: name, arguments: ""))
                return chunk(Delta(toolCalls: [call]))
            case .blockDelta(_, .text(let text)) where !text.isEmpty:
                return chunk(Delta(content: text))
            case .blockDelta(let index, .toolInputJSON(let fragment)) where !fragment.isEmpty:
                guard let callIndex = toolCallIndices[index] else { return [] }
                return chunk(Delta(toolCalls: [ToolCallDelta(index: callIndex, function: FunctionCallDelta(arguments: fragment))]))
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
            var bytes = chunk(Delta(), finishReason: reason)
            if includeUsage {
                let usageChunk = ChatCompletionChunk(id: id, created: created, model: model, choices: [], usage: Usage(canonical: usage))
                bytes += Self.event(WireJSON.encode(usageChunk))
            }
            bytes += ServerSentEvent(data: "[DONE]").encoded
            return bytes
        }

        private func chunk(_ delta: Delta, finishReason: String? = nil) -> [UInt8] {
            let chunk = ChatCompletionChunk(
                id: id,
                created: created,
                model: model,
                choices: [ChunkChoice(index: 0, delta: delta, finishReason: finishReason)],
                usage: nil
            )
            return Self.event(WireJSON.encode(chunk))
        }

        private static func event(_ json: [UInt8]) -> [UInt8] {
            Array("data: ".utf8) + json + Array("\n\n".utf8)
        }
    }
}
