/// Visible reasoning, with the provider's signature that authenticates it on the next turn.
public struct Thinking: Sendable, Hashable {
    /// The reasoning text.
    public var text: String
    /// The provider's signature over ``text``, passed back verbatim; `nil` when the provider gave none.
    public var signature: String?

    /// Creates a reasoning block.
    public init(text: String, signature: String? = nil) {
        self.text = text
        self.signature = signature
    }
}
