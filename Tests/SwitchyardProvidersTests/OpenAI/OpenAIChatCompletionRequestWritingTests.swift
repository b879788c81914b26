import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardProviders

@Suite("OpenAI chat completion request, written by hand")
struct OpenAIChatCompletionRequestWritingTests {
    private func expectWrittenAsEncoded(_ request: OpenAI.ChatCompletionRequest, _ comment: Comment? = nil) throws {
        let written = try #require(request.writtenJSON, comment)
        let encoded = try DirectJSONEncoder.encode(request)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: encoded, as: UTF8.self), comment)
    }

    @Test func requestsAsClientsSendThemComeOutAsTheEncoderWritesThem() throws {
        for name in ["inbound-request-json-schema", "inbound-request-minimal", "inbound-request-tool-round-trip", "request-upstream-tools"] {
            let request = try JSONDecoder().decode(OpenAI.ChatCompletionRequest.self, from: Data(try WireFixtures.bytes("openai", name)))
            try expectWrittenAsEncoded(request, "\(name)")
        }
    }

    @Test func everyFieldAndPartSetOrLeftOutComesOutAsTheEncoderWritesIt() throws {
        let schema: JSONValue = .object([
            "type": .string("object"),
            "properties": .object(["q": .object(["type": .string("string"), "description": .string("A \"query\"\n/ é")])]),
            "required": .array([.string("q")]),
            "additionalProperties": .bool(false),
        ])
        var call = OpenAI.ToolCall(id: "call_1", function: OpenAI.FunctionCall(name: "search", arguments: #"{"q":"x"}"#))
        var bareCall = call
        (bareCall.id, bareCall.type) = (nil, nil)
        bareCall.function.arguments = .object(["q": .string("y"), "n": .double(2.5)])
        call.function.name = "search"
        let messages = [
            OpenAI.ChatMessage(role: .system, content: .text("Be brief.")),
            OpenAI.ChatMessage(role: .developer, content: .text("Really."), name: "ops"),
            OpenAI.ChatMessage(role: .user, content: .parts([
                .text("look at \"this\""),
                .imageURL(OpenAI.ImageURL(url: "data:image/png;base64,iVBORw0KGgo=", detail: "high")),
                .imageURL(OpenAI.ImageURL(url: "https://example.com/a.png")),
            ])),
            OpenAI.ChatMessage(role: .assistant, content: nil, toolCalls: [call, bareCall]),
            OpenAI.ChatMessage(role: .assistant, content: .parts([.refusal("No.")]), refusal: "No."),
            OpenAI.ChatMessage(role: .tool, content: .text("found"), toolCallID: "call_1"),
            OpenAI.ChatMessage(role: .user, content: .parts([])),
        ]
        let full = OpenAI.ChatCompletionRequest(
            model: "gpt-4o",
            messages: messages,
            tools: [
                OpenAI.Tool(function: OpenAI.FunctionDefinition(name: "search", description: "Searches.", parameters: schema, strict: true)),
                OpenAI.Tool(function: OpenAI.FunctionDefinition(name: "bare")),
            ],
            toolChoice: .function(name: "search"),
            parallelToolCalls: false,
            maxTokens: 100,
            maxCompletionTokens: 200,
            temperature: 0.7,
            topP: 1.0,
            stop: .multiple(["\n\n", "END"]),
            stream: true,
            streamOptions: OpenAI.StreamOptions(includeUsage: true),
            responseFormat: .jsonSchema(OpenAI.JSONSchemaFormat(name: "answer", description: "The answer.", schema: schema, strict: true)),
            reasoningEffort: "low",
            user: "user-1",
            metadata: ["team": "search", "ticket": "A-\"1\"", "empty": ""],
            n: 1
        )
        try expectWrittenAsEncoded(full)

        for (choice, format, stop) in [
            (OpenAI.ToolChoice.auto, OpenAI.ResponseFormat.text, OpenAI.StopSequences.single("END")),
            (.none, .jsonObject, .multiple([])),
            (.required, .jsonSchema(OpenAI.JSONSchemaFormat(name: "bare", schema: nil, strict: nil)), .single("")),
        ] {
            var variant = full
            (variant.toolChoice, variant.responseFormat, variant.stop) = (choice, format, stop)
            (variant.tools, variant.metadata, variant.streamOptions) = ([], [:], OpenAI.StreamOptions(includeUsage: nil))
            try expectWrittenAsEncoded(variant)
        }

        try expectWrittenAsEncoded(OpenAI.ChatCompletionRequest(model: "m", messages: []))
    }

    @Test func aNumberJSONCannotHoldIsLeftToTheEncoder() {
        var request = OpenAI.ChatCompletionRequest(model: "m", messages: [])
        request.topP = .infinity
        #expect(request.writtenJSON == nil)
        request.topP = nil
        request.responseFormat = .jsonSchema(OpenAI.JSONSchemaFormat(name: "s", schema: .object(["minimum": .double(.nan)]), strict: nil))
        #expect(request.writtenJSON == nil)
    }
}
