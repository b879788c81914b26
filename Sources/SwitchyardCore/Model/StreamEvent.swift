/// One event of the canonical answer stream.
///
/// Every answer, streamed or not, travels the pipeline as these events, in this grammar:
/// `messageStart`, then for each content block `blockStart`, any number of `blockDelta`, `blockStop`
/// (blocks never interleave), then `messageDelta` (once or more), then `messageStop`. An `error` may end the
/// stream at any point instead.
public enum StreamEvent: Sendable, Hashable {
    /// The answer begins; always the first event.
    case messageStart(MessageStart)
    /// A content block begins; `index` names it in the deltas and the stop that follow.
    case blockStart(index: Int, block: BlockStart)
    /// A piece of the content block named `index`.
    case blockDelta(index: Int, delta: BlockDelta)
    /// The content block named `index` is complete.
    case blockStop(index: Int)
    /// Stop reason and usage. The usage here is the *cumulative* total for the whole message so far, so the
    /// last `messageDelta` carries the final figures.
    case messageDelta(MessageDelta)
    /// The answer is complete; always the last event of a successful stream.
    case messageStop
    /// The answer failed after it began (an upstream `error` event, a broken stream).
    case error(SwitchyardError)
}
