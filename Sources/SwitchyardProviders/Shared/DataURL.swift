/// `data:` URLs, the form in which OpenAI clients send inline images.
public enum DataURL {
    /// `data:MEDIA;base64,DATA` for inline bytes.
    public static func make(mediaType: String, base64 data: String) -> String {
        "data:\(mediaType);base64,\(data)"
    }

    /// The media type (parameters such as `;charset` dropped) and base64 payload of a `data:` URL, or `nil` when
    /// the URL is not a base64 data URL with a media type.
    public static func parse(_ url: String) -> (mediaType: String, data: String)? {
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ",") else { return nil }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma]
        guard header.hasSuffix(";base64") else { return nil }
        let mediaType = header.dropLast(";base64".count).prefix { $0 != ";" }
        guard !mediaType.isEmpty else { return nil }
        return (String(mediaType), String(url[url.index(after: comma)...]))
    }
}
