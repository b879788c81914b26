/// A client-facing API (OpenAI Chat Completions, Anthropic Messages): wire ⇄ canonical, client side.
public protocol InboundAPI: Sendable {
    /// The encoder that turns canonical events into this API's streamed answer.
    associatedtype StreamEncoder: InboundStreamEncoder

    /// Decodes and validates a request body.
    ///
    /// - Throws: ``SwitchyardError`` with code `invalidRequest` naming the offending field.
    func decodeRequest(_ body: [UInt8]) throws -> InboundCall

    /// Encodes a complete answer as this API's response body.
    func encodeResponse(_ response: ChatResponse, for call: InboundCall) -> [UInt8]

    /// A fresh encoder for one streamed answer.
    func makeStreamEncoder(for call: InboundCall) -> StreamEncoder

    /// Encodes an error as this API's error envelope, with Switchyard's `stage`, `code`, `scope` and
    /// `request_id` fields alongside the standard ones.
    func encodeError(_ error: SwitchyardError, requestID: String?) -> [UInt8]
}
