/// The closing facts of an answer.
public struct MessageDelta: Sendable, Hashable {
    /// Why the model stopped; `nil` when this delta does not say.
    public var stopReason: StopReason?
    /// The stop sequence that matched, when ``stopReason`` is ``StopReason/stopSequence``.
    public var stopSequence: String?
    /// Cumulative usage for the whole message so far.
    public var usage: Usage?

    /// Creates the closing facts of an answer.
    public init(stopReason: StopReason? = nil, stopSequence: String? = nil, usage: Usage? = nil) {
        self.stopReason = stopReason
        self.stopSequence = stopSequence
        self.usage = usage
    }
}
