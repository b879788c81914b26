/// A piece of a content block.
public enum BlockDelta: Sendable, Hashable {
    /// More text of a text block.
    case text(String)
    /// A fragment of a tool call's JSON input; the fragments of one block concatenate to one JSON object.
    case toolInputJSON(String)
    /// More reasoning text of a thinking block.
    case thinking(String)
    /// The provider's signature for a thinking block (or Gemini's thought signature for a tool call); it
    /// replaces any earlier one rather than adding to it.
    case signature(String)
}
