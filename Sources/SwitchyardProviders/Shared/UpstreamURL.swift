import SwitchyardCore

extension UpstreamEndpoint {
    /// The base URL with `path` appended and ``queryItems`` (plus `extraQuery`) encoded, in stable order.
    public func url(path: String, extraQuery: [(String, String)] = []) -> String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let joined = path.hasPrefix("/") ? base + path : base + "/" + path
        let items = extraQuery + queryItems.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        guard !items.isEmpty else { return joined }
        let query = items.map { "\(Self.percentEncode($0.0))=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        return joined + (joined.contains("?") ? "&" : "?") + query
    }

    private static func percentEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                encoded.append(Character(UnicodeScalar(byte)))
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
