import SwitchyardCore
import Foundation

extension Gemini {
    /// Turns the `data:` chunks of `streamGenerateContent?alt=sse` into canonical events.
    ///
    /// Every chunk is a whole `GenerateContentResponse` holding the next parts of the first candidate:
    /// - the first chunk opens the message (id = `responseId`, model = `modelVersion`);
    /// - text parts stream into an open text block, `thought: true` parts into an open thinking block; a change
    ///   of kind closes one block and opens the next;
    /// - a thought part's `thoughtSignature` ends its thinking block with a signature delta; a signature on a
    ///   plain text part travels as a signature-only thinking block just before that text (the request side
    ///   puts it back on the part that follows);
    /// - each `functionCall` is a complete tool-use block: start, one JSON delta, stop;
    /// - `usageMetadata` holds running totals, so the latest wins;
    /// - the chunk with a `finishReason` (or a prompt block with no candidates) closes the open block and ends
    ///   the message with a `messageDelta` and `messageStop`.
    ///
    /// An `{"error": …}` chunk becomes an `error` event; a stream that ends before a `finishReason` fails in
    /// ``finish()``.
    public struct GenerateContentStreamDecoder: UpstreamStreamDecoder {
        private enum State: Sendable {
            /// No chunk yet.
            case awaitingFirstChunk
            /// The message has started; `openBlock` is the text or thinking block still taking deltas.
            case streaming(openBlock: OpenBlock?)
            /// A terminal chunk or an error arrived; later chunks are ignored.
            case finished
        }

        private struct OpenBlock: Sendable {
            enum Kind: Sendable { case text, thinking }
            var kind: Kind
            var index: Int
        }

        private var state = State.awaitingFirstChunk
        private var responseID = ""
        private var nextBlockIndex = 0
        private var functionCallCount = 0
        private var usage: Usage?

        /// Creates a decoder for one stream.
        public init() {}

        /// Decodes one SSE event (one `GenerateContentResponse` chunk, or an `{"error": …}` object).
        ///
        /// - Throws: ``SwitchyardError/upstreamProtocol(_:cause:)`` when the data is not one of those.
        public mutating func decode(_ event: ServerSentEvent) throws -> [StreamEvent] {
            if case .finished = state { return [] }
            let data = event.payload
            guard !data.isEmpty else { return [] }
            let chunk = try WireJSON.decodeUpstream(StreamChunk.self, from: data, what: "streamGenerateContent chunk")
            if let error = chunk.error {
                state = .finished
                return [.error(error.switchyardError(httpStatus: error.code ?? 500, retryAfter: nil))]
            }
            return consume(chunk.response)
        }

        /// Ends the stream.
        ///
        /// - Throws: ``SwitchyardError/upstreamProtocol(_:cause:)`` when no `finishReason` arrived.
        public mutating func finish() throws -> [StreamEvent] {
            if case .finished = state { return [] }
            throw SwitchyardError.upstreamProtocol("The Gemini stream ended before finishReason.")
        }

        /// The events for one decoded chunk.
        mutating func consume(_ chunk: GenerateContentResponse) -> [StreamEvent] {
            var events: [StreamEvent] = []
            var openBlock: OpenBlock?
            switch state {
            case .finished:
                return []
            case .awaitingFirstChunk:
                responseID = chunk.responseId ?? "gemini-" + UUID().uuidString.lowercased()
                events.append(.messageStart(MessageStart(id: responseID, model: chunk.modelVersion ?? "", usage: chunk.usageMetadata?.usage)))
            case .streaming(let open):
                openBlock = open
            }
            if let metadata = chunk.usageMetadata { usage = metadata.usage }

            let candidate = chunk.candidates?.first
            for part in candidate?.content?.parts ?? [] {
                append(part, openBlock: &openBlock, into: &events)
            }

            let stopReason: StopReason?
            if let finishReason = candidate?.finishReason {
                stopReason = Self.stopReason(for: finishReason, calledFunction: functionCallCount > 0)
            } else if candidate == nil, chunk.promptFeedback?.blockReason != nil {
                stopReason = .contentFilter
            } else {
                stopReason = nil
            }
            guard let stopReason else {
                state = .streaming(openBlock: openBlock)
                return events
            }
            events += end(openBlock: openBlock, stopReason: stopReason)
            return events
        }

        /// Ends a message that carried no `finishReason` (a whole response decoded without one): a natural
        /// end, or a tool-use stop when the model called a function.
        mutating func close() -> [StreamEvent] {
            guard case .streaming(let openBlock) = state else { return [] }
            return end(openBlock: openBlock, stopReason: functionCallCount > 0 ? .toolUse : .endTurn)
        }

        private mutating func end(openBlock: OpenBlock?, stopReason: StopReason) -> [StreamEvent] {
            var events: [StreamEvent] = []
            if let openBlock { events.append(.blockStop(index: openBlock.index)) }
            events.append(.messageDelta(MessageDelta(stopReason: stopReason, usage: usage ?? .zero)))
            events.append(.messageStop)
            state = .finished
            return events
        }

        private mutating func append(_ part: Part, openBlock: inout OpenBlock?, into events: inout [StreamEvent]) {
            if let call = part.functionCall {
                closeBlock(&openBlock, into: &events)
                let id = call.id ?? ToolCallID.synthesize(responseID: responseID, index: functionCallCount)
                functionCallCount += 1
                let index = takeBlockIndex()
                events.append(.blockStart(index: index, block: .toolUse(id: id, name: call.name, signature: part.thoughtSignature)))
                events.append(.blockDelta(index: index, delta: .toolInputJSON((call.args ?? .object([:])).compactJSONString)))
                events.append(.blockStop(index: index))
                return
            }
            // Inline data, executable code and other part kinds have no canonical counterpart in an answer.
            guard let text = part.text else { return }
            if part.thought == true {
                let index = ensureBlock(.thinking, openBlock: &openBlock, into: &events)
                if !text.isEmpty { events.append(.blockDelta(index: index, delta: .thinking(text))) }
                if let signature = part.thoughtSignature {
                    events.append(.blockDelta(index: index, delta: .signature(signature)))
                    closeBlock(&openBlock, into: &events)
                }
                return
            }
            if let signature = part.thoughtSignature {
                closeBlock(&openBlock, into: &events)
                let index = takeBlockIndex()
                events.append(.blockStart(index: index, block: .thinking))
                events.append(.blockDelta(index: index, delta: .signature(signature)))
                events.append(.blockStop(index: index))
            }
            guard !text.isEmpty else { return }
            let index = ensureBlock(.text, openBlock: &openBlock, into: &events)
            events.append(.blockDelta(index: index, delta: .text(text)))
        }

        /// The index of the open block of `kind`, opening one (and closing any other) when needed.
        private mutating func ensureBlock(_ kind: OpenBlock.Kind, openBlock: inout OpenBlock?, into events: inout [StreamEvent]) -> Int {
            if let open = openBlock, open.kind == kind { return open.index }
            closeBlock(&openBlock, into: &events)
            let index = takeBlockIndex()
            events.append(.blockStart(index: index, block: kind == .text ? .text : .thinking))
            openBlock = OpenBlock(kind: kind, index: index)
            return index
        }

        private func closeBlock(_ openBlock: inout OpenBlock?, into events: inout [StreamEvent]) {
            guard let open = openBlock else { return }
            events.append(.blockStop(index: open.index))
            openBlock = nil
        }

        private mutating func takeBlockIndex() -> Int {
            defer { nextBlockIndex += 1 }
            return nextBlockIndex
        }

        /// The canonical stop reason for a Gemini `finishReason`.
        static func stopReason(for finishReason: String, calledFunction: Bool) -> StopReason {
            switch finishReason {
            case "STOP": calledFunction ? .toolUse : .endTurn
            case "MAX_TOKENS": .maxTokens
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                "IMAGE_PROHIBITED_CONTENT":
                .contentFilter
            default: .endTurn
            }
        }
    }
}

extension Gemini.GenerateContentStreamDecoder {
    /// One `data:` payload: a response chunk, or Google's error object sent mid-stream.
    private struct StreamChunk: Decodable {
        var error: Gemini.Status?
        var response: Gemini.GenerateContentResponse

        private enum CodingKeys: String, CodingKey {
            case error
        }

        init(from decoder: any Decoder) throws {
            error = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(Gemini.Status.self, forKey: .error)
            response = try Gemini.GenerateContentResponse(from: decoder)
        }
    }
}
