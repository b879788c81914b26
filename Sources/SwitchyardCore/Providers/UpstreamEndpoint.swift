/// Where and how to reach one upstream: everything a translator needs to address a request.
public struct UpstreamEndpoint: Sendable, Hashable {
    /// The provider's base URL, such as `https://api.openai.com/v1`; translators append their paths.
    public var baseURL: String
    /// The secret sent to the upstream; `nil` for keyless local servers.
    public var apiKey: String?
    /// Extra headers sent on every request (organization ids, gateway tokens).
    public var headers: [String: String]
    /// Extra query items sent on every request (Azure's `api-version`).
    public var queryItems: [String: String]
    /// How the key is presented.
    public var authentication: Authentication

    /// The header scheme carrying ``apiKey``.
    public enum Authentication: Sendable, Hashable {
        /// The provider's own default: `Authorization: Bearer` (OpenAI), `x-api-key` (Anthropic),
        /// `x-goog-api-key` (Gemini).
        case providerDefault
        /// `api-key: KEY`, as Azure OpenAI expects.
        case apiKeyHeader
        /// `Authorization: Bearer KEY`.
        case bearer
    }

    /// Creates an endpoint; only the base URL is required.
    public init(
        baseURL: String,
        apiKey: String? = nil,
        headers: [String: String] = [:],
        queryItems: [String: String] = [:],
        authentication: Authentication = .providerDefault
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.headers = headers
        self.queryItems = queryItems
        self.authentication = authentication
    }
}
