/// Text, with an optional prompt-cache breakpoint after it.
public struct TextPart: Sendable, Hashable {
    /// The text itself.
    public var text: String
    /// A prompt-cache breakpoint placed after this text; `nil` for none.
    public var cacheControl: CacheControl?

    /// Creates a text part, optionally marking a cache breakpoint after it.
    public init(text: String, cacheControl: CacheControl? = nil) {
        self.text = text
        self.cacheControl = cacheControl
    }
}
