import SwitchyardCore
import Foundation

extension OpenAI {
    /// Turns a `chat.completion.chunk` stream into canonical events, one SSE event at a time.
    ///
    /// The first chunk opens the message. Text, reasoning (`reasoning_content`, from compatible servers) and
    /// each tool call (a new `tool_calls[].index`) open content blocks in turn, closing the one before;
    /// `finish_reason` closes the last block and holds the stop reason until the usage chunk (or `[DONE]`)
    /// sends the `messageDelta`. `[DONE]` ends the message. An `{"error": {…}}` payload ends the stream with an
    /// ``StreamEvent/error(_:)`` event.
    public struct ChatCompletionsStreamDecoder: UpstreamStreamDecoder {
        private enum Phase: Sendable {
            /// No chunk yet.
            case awaitingFirstChunk
            /// Content may arrive.
            case streaming
            /// `finish_reason` arrived; only usage may follow.
            case finishing
            /// `[DONE]`, an error, or the closing events were returned.
            case ended
        }

        private enum OpenBlock: Sendable {
            case none
            case text(index: Int)
            case thinking(index: Int)
            /// `wireIndex` is the `index` the server gave the call, if any.
            case toolCall(index: Int, wireIndex: Int?, id: String)
        }

        private enum NewBlock: Sendable {
            case text
            case thinking
            case toolCall(wireIndex: Int?, id: String, name: String)
        }

        private let flavor: Flavor
        private var phase = Phase.awaitingFirstChunk
        private var openBlock = OpenBlock.none
        private var nextBlockIndex = 0
        private var callCount = 0
        private var startedWireIndices: Set<Int> = []
        private var refused = false
        private var stopReason: StopReason?
        private var usage: SwitchyardCore.Usage?
        private var sentMessageDelta = false

        /// Creates a decoder for one stream from a server of this dialect.
        public init(flavor: Flavor = .openAI) {
            self.flavor = flavor
        }

        /// Decodes one SSE event.
        ///
        /// - Throws: ``SwitchyardError/upstreamProtocol(_:cause:)`` when the chunk is malformed or breaks the
        ///   chunk grammar (content after `finish_reason`, interleaved tool calls, a tool call without a name).
        public mutating func decode(_ event: ServerSentEvent) throws -> [StreamEvent] {
            guard phase != .ended else { return [] }
            let data = event.payload
            if data.isEmpty { return [] }
            if data.first == UInt8(ascii: "["), data.elementsEqual("[DONE]".utf8) { return try end() }
            // The scanner reads an answer's chunk, and refuses an object with a top-level `error`: only what it
            // leaves is looked at for an error event.
            guard let chunk = ChatCompletionChunk(scanning: data) else { return try decodeOther(data) }
            return try apply(chunk)
        }

        /// An event the scanner left: an error event, or a chunk for `JSONDecoder` (a usage chunk, or one whose
        /// error it reports).
        private mutating func decodeOther(_ data: ArraySlice<UInt8>) throws -> [StreamEvent] {
            if data.contains(bytes: #""error""#.utf8), let value = try? JSONValue(parsing: String(decoding: data, as: UTF8.self)),
                let error = OpenAI.streamError(value)
            {
                phase = .ended
                return [.error(error)]
            }
            return try apply(WireJSON.decodeUpstream(ChatCompletionChunk.self, from: data, what: "stream chunk"))
        }

        /// The canonical events of one chunk.
        private mutating func apply(_ chunk: ChatCompletionChunk) throws -> [StreamEvent] {
            var events: [StreamEvent] = []
            if phase == .awaitingFirstChunk {
                events.append(.messageStart(MessageStart(id: try flavor.completionID(chunk.id), model: try flavor.modelName(chunk.model))))
                phase = .streaming
            }
            for choice in chunk.choices where (choice.index ?? 0) == 0 {
                try apply(choice, into: &events)
            }
            if let reported = chunk.usage {
                usage = reported.canonical
                if phase == .finishing {
                    events.append(.messageDelta(MessageDelta(stopReason: stopReason, usage: usage)))
                    sentMessageDelta = true
                }
            }
            return events
        }

        /// Closes the stream.
        ///
        /// - Throws: ``SwitchyardError/upstreamProtocol(_:cause:)`` when the stream ended before `[DONE]`
        ///   (a compatible server may omit `[DONE]`; its stream is closed cleanly once any chunk arrived).
        public mutating func finish() throws -> [StreamEvent] {
            switch phase {
            case .ended:
                return []
            case .awaitingFirstChunk:
                throw SwitchyardError.upstreamProtocol("The upstream closed the stream before sending any chunk.")
            case .streaming, .finishing:
                guard flavor == .compatible else {
                    throw SwitchyardError.upstreamProtocol("The upstream closed the stream before `data: [DONE]`.")
                }
                return try end()
            }
        }

        private mutating func end() throws -> [StreamEvent] {
            guard phase != .awaitingFirstChunk else {
                throw SwitchyardError.upstreamProtocol("The upstream ended the stream before sending any chunk.")
            }
            var events: [StreamEvent] = []
            closeBlock(into: &events)
            if !sentMessageDelta {
                events.append(.messageDelta(MessageDelta(stopReason: stopReason, usage: usage)))
                sentMessageDelta = true
            }
            events.append(.messageStop)
            phase = .ended
            return events
        }

        private mutating func apply(_ choice: ChunkChoice, into events: inout [StreamEvent]) throws {
            let delta = choice.delta
            if let reasoning = delta.reasoningContent ?? delta.reasoning, !reasoning.isEmpty {
                let index: Int
                if case .thinking(let open) = openBlock { index = open } else { index = try open(.thinking, into: &events) }
                events.append(.blockDelta(index: index, delta: .thinking(reasoning)))
            }
            if let text = delta.content, !text.isEmpty {
                try appendText(text, into: &events)
            }
            if let refusal = delta.refusal, !refusal.isEmpty {
                try appendText(refusal, into: &events)
                refused = true
            }
            for call in delta.toolCalls ?? [] {
                try apply(call, into: &events)
            }
            if let reason = choice.finishReason, !reason.isEmpty {
                closeBlock(into: &events)
                stopReason = refused ? .refusal : OpenAI.stopReason(forFinishReason: reason)
                phase = .finishing
            }
        }

        private mutating func appendText(_ text: String, into events: inout [StreamEvent]) throws {
            let index: Int
            if case .text(let open) = openBlock { index = open } else { index = try open(.text, into: &events) }
            events.append(.blockDelta(index: index, delta: .text(text)))
        }

        private mutating func apply(_ call: ToolCallDelta, into events: inout [StreamEvent]) throws {
            let index: Int
            if case .toolCall(let open, let wireIndex, let id) = openBlock, !startsNewCall(call, openWireIndex: wireIndex, openID: id) {
                index = open
            } else {
                index = try startCall(call, into: &events)
            }
            switch call.function?.arguments {
            case nil, .null?:
                break
            case .string(let fragment)?:
                if !fragment.isEmpty { events.append(.blockDelta(index: index, delta: .toolInputJSON(fragment))) }
            case .object(let members)? where flavor == .compatible:
                events.append(.blockDelta(index: index, delta: .toolInputJSON(JSONValue.object(members).compactJSONString)))
            default:
                throw SwitchyardError.upstreamProtocol("The upstream sent tool call arguments that are not a string.")
            }
        }

        /// Whether a tool-call delta begins a call other than the open one. OpenAI says so with a new `index`.
        /// Compatible servers may omit `index` (calls then arrive in order) or repeat one index for every call,
        /// so there a new `id` starts a call, and an `index` only counts when no `id` is sent.
        private func startsNewCall(_ call: ToolCallDelta, openWireIndex: Int?, openID: String) -> Bool {
            switch flavor {
            case .openAI:
                return call.index != openWireIndex
            case .compatible:
                if let id = call.id, !id.isEmpty { return id != openID }
                if let index = call.index, let openWireIndex { return index != openWireIndex }
                return false
            }
        }

        private mutating func startCall(_ call: ToolCallDelta, into events: inout [StreamEvent]) throws -> Int {
            if flavor == .openAI {
                guard let index = call.index else {
                    throw SwitchyardError.upstreamProtocol("The upstream sent a tool call delta without an `index`.")
                }
                guard !startedWireIndices.contains(index) else {
                    throw SwitchyardError.upstreamProtocol("The upstream interleaved the deltas of several tool calls.")
                }
                startedWireIndices.insert(index)
            }
            guard let name = call.function?.name, !name.isEmpty else {
                throw SwitchyardError.upstreamProtocol("The upstream began a tool call without a `function.name`.")
            }
            let id = try flavor.toolCallID(call.id)
            callCount += 1
            return try open(.toolCall(wireIndex: call.index, id: id, name: name), into: &events)
        }

        private mutating func open(_ block: NewBlock, into events: inout [StreamEvent]) throws -> Int {
            guard phase == .streaming else {
                throw SwitchyardError.upstreamProtocol("The upstream sent content after `finish_reason`.")
            }
            closeBlock(into: &events)
            let index = nextBlockIndex
            nextBlockIndex += 1
            switch block {
            case .text:
                openBlock = .text(index: index)
                events.append(.blockStart(index: index, block: .text))
            case .thinking:
                openBlock = .thinking(index: index)
                events.append(.blockStart(index: index, block: .thinking))
            case .toolCall(let wireIndex, let id, let name):
                openBlock = .toolCall(index: index, wireIndex: wireIndex, id: id)
                events.append(.blockStart(index: index, block: .toolUse(id: id, name: name)))
            }
            return index
        }

        private mutating func closeBlock(into events: inout [StreamEvent]) {
            switch openBlock {
            case .none:
                return
            case .text(let index), .thinking(let index), .toolCall(let index, _, _):
                events.append(.blockStop(index: index))
            }
            openBlock = .none
        }
    }
}
