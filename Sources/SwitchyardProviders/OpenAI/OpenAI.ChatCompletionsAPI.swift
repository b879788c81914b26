import SwitchyardCore
import Foundation

extension OpenAI {
    /// Serves clients that speak Chat Completions (the OpenAI SDKs, curl, agents built on them).
    ///
    /// ```swift
    /// let api = OpenAI.ChatCompletionsAPI()
    /// let call = try api.decodeRequest(body)          // invalid_request errors name the field at fault
    /// let bytes = api.encodeResponse(response, for: call)
    /// ```
    public struct ChatCompletionsAPI: InboundAPI {
        private let currentUnixTime: @Sendable () -> Int

        /// Creates the API.
        ///
        /// - Parameter currentUnixTime: the clock for the `created` field, in Unix seconds; tests pin it.
        public init(currentUnixTime: @escaping @Sendable () -> Int = { Int(Date().timeIntervalSince1970) }) {
            self.currentUnixTime = currentUnixTime
        }

        /// Decodes and validates a `POST /v1/chat/completions` body.
        ///
        /// System and developer messages become system blocks; consecutive `tool` messages become one user
        /// turn of tool results; assistant `tool_calls` become tool-use parts with their arguments parsed.
        ///
        /// - Throws: ``SwitchyardError`` (`invalid_request`) naming the field at fault: a missing `model`, an
        ///   empty `messages`, a wrong type, arguments that are not JSON, `n` other than 1.
        public func decodeRequest(_ body: [UInt8]) throws -> InboundCall {
            let wire = try ChatCompletionRequest(scanning: body) ?? WireJSON.decodeRequest(ChatCompletionRequest.self, from: body)
            return try Self.inboundCall(from: wire)
        }

        /// Encodes a complete answer as a `chat.completion` object.
        public func encodeResponse(_ response: ChatResponse, for call: InboundCall) -> [UInt8] {
            let completion = Self.completion(for: response, created: currentUnixTime())
            return completion.writtenJSON ?? WireJSON.encode(completion)
        }

        /// A fresh encoder for one streamed answer.
        public func makeStreamEncoder(for call: InboundCall) -> ChatCompletionsStreamEncoder {
            ChatCompletionsStreamEncoder(includeUsage: call.includeStreamUsage, created: currentUnixTime())
        }

        /// Encodes an error as `{"error": {"message", "type", "param", "code", "stage", "scope", "request_id"}}`.
        public func encodeError(_ error: SwitchyardError, requestID: String?) -> [UInt8] {
            WireJSON.encode(ErrorEnvelope(error: OpenAI.errorObject(for: error, requestID: requestID)))
        }
    }
}
