/// The opening of an answer.
public struct MessageStart: Sendable, Hashable {
    /// The provider's message id (or one Switchyard made when the provider gives none).
    public var id: String
    /// The model that answers, as the provider names it.
    public var model: String
    /// Usage known at the start (Anthropic reports input tokens here); `nil` when none is known yet.
    public var usage: Usage?

    /// Creates the opening of an answer.
    public init(id: String, model: String, usage: Usage? = nil) {
        self.id = id
        self.model = model
        self.usage = usage
    }
}
