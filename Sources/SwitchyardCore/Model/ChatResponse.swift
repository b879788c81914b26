/// A complete model answer in canonical form.
public struct ChatResponse: Sendable, Hashable {
    /// The provider's message id (or one Switchyard made when the provider gives none).
    public var id: String
    /// The model that answered, as the provider named it.
    public var model: String
    /// The answer's content blocks, in order.
    public var content: [ContentPart]
    /// Why the model stopped; `nil` when the provider did not say.
    public var stopReason: StopReason?
    /// The stop sequence that matched, when ``stopReason`` is ``StopReason/stopSequence``.
    public var stopSequence: String?
    /// The tokens the call consumed.
    public var usage: Usage

    /// Creates a response.
    public init(
        id: String,
        model: String,
        content: [ContentPart],
        stopReason: StopReason?,
        stopSequence: String? = nil,
        usage: Usage
    ) {
        self.id = id
        self.model = model
        self.content = content
        self.stopReason = stopReason
        self.stopSequence = stopSequence
        self.usage = usage
    }

    /// All text parts joined, for callers that only want the words.
    public var text: String {
        content.compactMap { part -> String? in
            if case .text(let text) = part { return text.text }
            return nil
        }.joined()
    }
}
