import Foundation
import Testing

@testable import SwitchyardProviders

/// The recorded requests and answers of every provider, by the wire type they decode to.
enum WireFixtures {
    struct Group {
        let type: any (Codable & Equatable).Type
        let directory: String
        let names: [String]
    }

    static let all: [Group] = [
        Group(
            type: OpenAI.ChatCompletionRequest.self,
            directory: "openai",
            names: ["inbound-request-json-schema", "inbound-request-minimal", "inbound-request-tool-round-trip", "request-upstream-tools"]
        ),
        Group(type: OpenAI.ChatCompletion.self, directory: "openai", names: ["response-cached-reasoning", "response-refusal", "response-tool-calls"]),
        Group(type: Anthropic.MessagesRequest.self, directory: "anthropic", names: ["inbound-request-blocks", "inbound-request-string-system", "request-out"]),
        Group(type: Anthropic.Message.self, directory: "anthropic", names: ["response-cache-usage", "response-encoded", "response-thinking"]),
        Group(type: Gemini.GenerateContentRequest.self, directory: "gemini", names: ["request-json-schema", "request-tools-multiturn"]),
        Group(
            type: Gemini.GenerateContentResponse.self,
            directory: "gemini",
            names: ["response-candidate-safety", "response-function-calls", "response-prompt-blocked", "response-thinking-cached"]
        ),
    ]

    /// The bytes of fixture `name` in `directory`.
    static func bytes(_ directory: String, _ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/\(directory)"))
        return Array(try Data(contentsOf: url))
    }
}
