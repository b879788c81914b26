/// One event of the canonical answer stream.
///
/// Every answer, streamed or not, travels the pipeline as these events, in this grammar:
/// `messageStart`, then for each content block `blockStart`, any number of `blockDelta`, `blockStop`
/// (blocks never interleave), then `messageDelta` (once or more), then `messageStop`. An `error` may end the
/// stream at any point instead.
public enum StreamEvent: Sendable, Hashable {
    case messageStart(MessageStart)
    case blockStart(index: Int, block: BlockStart)
    case blockDelta(index: Int, delta: BlockDelta)
    case blockStop(index: Int)
    /// Stop reason and usage. The usage here is the *cumulative* total for the whole message so far, so the
    /// last `messageDelta` carries the final figures.
    case messageDelta(MessageDelta)
    case messageStop
    /// The answer failed after it began (an upstream `error` event, a broken stream).
    case error(SwitchyardError)
}

/// The opening of an answer.
public struct MessageStart: Sendable, Hashable {
    public var id: String
    public var model: String
    /// Usage known at the start (Anthropic reports input tokens here); `nil` when none is known yet.
    public var usage: Usage?

    public init(id: String, model: String, usage: Usage? = nil) {
        self.id = id
        self.model = model
        self.usage = usage
    }
}

/// What kind of content block begins.
public enum BlockStart: Sendable, Hashable {
    case text
    /// A tool call whose JSON input follows as ``BlockDelta/toolInputJSON(_:)`` fragments.
    case toolUse(id: String, name: String, signature: String? = nil)
    case thinking
    case redactedThinking(data: String)
}

/// A piece of a content block.
public enum BlockDelta: Sendable, Hashable {
    case text(String)
    /// A fragment of a tool call's JSON input; the fragments of one block concatenate to one JSON object.
    case toolInputJSON(String)
    case thinking(String)
    case signature(String)
}

/// The closing facts of an answer.
public struct MessageDelta: Sendable, Hashable {
    public var stopReason: StopReason?
    public var stopSequence: String?
    /// Cumulative usage for the whole message so far.
    public var usage: Usage?

    public init(stopReason: StopReason? = nil, stopSequence: String? = nil, usage: Usage? = nil) {
        self.stopReason = stopReason
        self.stopSequence = stopSequence
        self.usage = usage
    }
}

/// The answer stream that flows out of the pipeline.
public typealias ChatEventStream = AsyncThrowingStream<StreamEvent, any Error>
