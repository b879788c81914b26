/// A plain-HTTP upstream URL taken apart for the pooled client: where to connect, and what to ask for there.
struct UpstreamURL: Hashable {
    /// Where a connection goes: one pool of connections per origin.
    struct Origin: Hashable, Sendable {
        var host: String
        var port: Int
    }

    var origin: Origin
    /// The request target: the path and query, `/` at least.
    var target: String
    /// The `Host` header's value: the URL's authority as written.
    var hostHeader: String

    /// Takes apart an absolute `http://` URL; `nil` for any other scheme, for user info in the authority, and for a
    /// URL with no host or with a port that is not a number from 1 to 65535 — those are left to the general client.
    init?(plainHTTP url: String) {
        let scheme = "http://"
        guard url.utf8.count > scheme.utf8.count,
              url.utf8.prefix(scheme.utf8.count).elementsEqual(scheme.utf8, by: { $0 | 0x20 == $1 | 0x20 })
        else { return nil }
        let rest = url.utf8.dropFirst(scheme.utf8.count)
        let authorityEnd = rest.firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
            ?? rest.endIndex
        let authority = Substring(rest[..<authorityEnd])
        guard !authority.isEmpty, !authority.contains("@") else { return nil }

        let host: Substring
        var port = 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let afterHost = authority[authority.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.hasPrefix(":"), let parsed = Self.port(afterHost.dropFirst()) else { return nil }
                port = parsed
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let parsed = Self.port(authority[authority.index(after: colon)...]) else { return nil }
            port = parsed
        } else {
            host = authority
        }
        guard !host.isEmpty else { return nil }

        var target = Substring(rest[authorityEnd...])
        if let fragment = target.firstIndex(of: "#") {
            target = target[..<fragment]
        }
        self.origin = Origin(host: String(host), port: port)
        self.target = target.hasPrefix("/") ? String(target) : "/" + target
        self.hostHeader = String(authority)
    }

    private static func port(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 5, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              let port = Int(text), (1...65535).contains(port)
        else { return nil }
        return port
    }
}
