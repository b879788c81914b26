/// An image given inline as base64 data or by URL.
public struct ImagePart: Sendable, Hashable {
    /// Where the image bytes come from.
    public enum Source: Sendable, Hashable {
        /// The image bytes, base64-encoded, with their media type (such as `image/png`).
        case base64(mediaType: String, data: String)
        /// A URL the image is fetched from.
        case url(String)
    }

    /// Where the image bytes come from.
    public var source: Source
    /// A prompt-cache breakpoint placed after this image; `nil` for none.
    public var cacheControl: CacheControl?

    /// Creates an image part, optionally marking a cache breakpoint after it.
    public init(source: Source, cacheControl: CacheControl? = nil) {
        self.source = source
        self.cacheControl = cacheControl
    }
}
