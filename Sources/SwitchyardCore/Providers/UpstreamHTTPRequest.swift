/// An HTTP request to an upstream, as a plain value: built by a translator, sent by the engine's transport.
public struct UpstreamHTTPRequest: Sendable, Hashable {
    /// The HTTP method, such as `POST`.
    public var method: String
    /// The absolute URL, query included.
    public var url: String
    /// Header fields in order; names are lowercase.
    public var headers: [(name: String, value: String)]
    /// The request body.
    public var body: [UInt8]

    /// Creates a request; the method defaults to `POST`.
    public init(method: String = "POST", url: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// Whether method, URL, body and every header (in order) are equal.
    public static func == (lhs: UpstreamHTTPRequest, rhs: UpstreamHTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    /// Hashes the method, URL and body; headers are left out, which `==` allows.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
    }

    /// The value of the first header with this (lowercase) name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.value
    }
}
