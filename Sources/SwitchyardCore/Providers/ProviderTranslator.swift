/// A provider's pure canonical ⇄ wire translation, upstream side: no I/O, value in, value out.
///
/// The engine sends what ``makeHTTPRequest(for:endpoint:)`` builds and hands back what the upstream answered.
public protocol ProviderTranslator: Sendable {
    /// Builds the upstream request. `request.model` is already the upstream's model name; `request.stream`
    /// chooses the streaming endpoint or parameter.
    ///
    /// - Throws: ``SwitchyardError`` when the request uses something this provider cannot express.
    func makeHTTPRequest(for request: ChatRequest, endpoint: UpstreamEndpoint) throws -> UpstreamHTTPRequest

    /// Decodes a successful non-streaming response body.
    ///
    /// - Throws: ``SwitchyardError/upstreamProtocol(_:cause:)`` when the body is not the documented shape.
    func decodeResponse(_ body: [UInt8]) throws -> ChatResponse

    /// A fresh decoder for one streamed response.
    func makeStreamDecoder() -> any UpstreamStreamDecoder

    /// Turns a non-success response into the gateway's error, keeping the upstream's status, type, message
    /// and `Retry-After`.
    func decodeError(status: Int, headers: [(name: String, value: String)], body: [UInt8]) -> SwitchyardError
}
