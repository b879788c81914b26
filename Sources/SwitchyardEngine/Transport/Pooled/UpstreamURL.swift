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
    ///
    /// Every call parses its deployment's URL, so the parsing looks at UTF-8 bytes only: `Character` comparisons on
    /// substrings made it 1 % of a sequential call's CPU.
    init?(plainHTTP url: String) {
        let bytes = url.utf8
        let scheme = "http://".utf8
        guard bytes.count > scheme.count,
              bytes.prefix(scheme.count).elementsEqual(scheme, by: { $0 | 0x20 == $1 | 0x20 })
        else { return nil }
        let authorityStart = bytes.index(bytes.startIndex, offsetBy: scheme.count)
        let authorityEnd = bytes[authorityStart...].firstIndex(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") })
            ?? bytes.endIndex
        let authority = bytes[authorityStart..<authorityEnd]
        guard !authority.isEmpty, !authority.contains(UInt8(ascii: "@")) else { return nil }

        let host: Substring.UTF8View
        var port = 80
        if authority.first == UInt8(ascii: "[") {
            guard let close = authority.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            host = url[bytes.index(after: authority.startIndex)..<close].utf8
            let afterHost = authority[bytes.index(after: close)...]
            if !afterHost.isEmpty {
                guard afterHost.first == UInt8(ascii: ":"), let parsed = Self.port(afterHost.dropFirst()) else { return nil }
                port = parsed
            }
        } else if let colon = authority.lastIndex(of: UInt8(ascii: ":")) {
            host = authority[..<colon]
            guard let parsed = Self.port(authority[bytes.index(after: colon)...]) else { return nil }
            port = parsed
        } else {
            host = authority
        }
        guard !host.isEmpty else { return nil }

        let targetEnd = bytes[authorityEnd...].firstIndex(of: UInt8(ascii: "#")) ?? bytes.endIndex
        let target = url[authorityEnd..<targetEnd]
        self.origin = Origin(host: String(Substring(host)), port: port)
        self.target = target.utf8.first == UInt8(ascii: "/") ? String(target) : "/" + target
        self.hostHeader = String(Substring(authority))
    }

    private static func port(_ digits: Substring.UTF8View) -> Int? {
        guard !digits.isEmpty, digits.count <= 5 else { return nil }
        var port = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            port = port * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return (1...65535).contains(port) ? port : nil
    }
}
