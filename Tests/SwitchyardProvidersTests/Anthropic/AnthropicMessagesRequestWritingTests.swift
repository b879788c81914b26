import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardProviders

@Suite("Anthropic Messages request, written by hand")
struct AnthropicMessagesRequestWritingTests {
    private func expectWrittenAsEncoded(_ request: Anthropic.MessagesRequest, _ comment: Comment? = nil) throws {
        let written = try #require(request.writtenJSON, comment)
        let encoded = try DirectJSONEncoder.encode(request)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: encoded, as: UTF8.self), comment)
    }

    @Test func requestsAsClientsSendThemComeOutAsTheEncoderWritesThem() throws {
        for name in ["inbound-request-blocks", "inbound-request-string-system", "request-out"] {
            let request = try JSONDecoder().decode(Anthropic.MessagesRequest.self, from: Data(try WireFixtures.bytes("anthropic", name)))
            try expectWrittenAsEncoded(request, "\(name)")
        }
    }

    @Test func everyFieldAndBlockSetOrLeftOutComesOutAsTheEncoderWritesIt() throws {
        let schema: JSONValue = .object([
            "type": .string("object"),
            "properties": .object(["q": .object(["type": .string("string"), "description": .string("A \"query\"\n/ é")])]),
            "required": .array([.string("q")]),
        ])
        let ephemeral = Anthropic.CacheControlEphemeral()
        let hour = Anthropic.CacheControlEphemeral(ttl: "1h")
        let blocks: [Anthropic.ContentBlock] = [
            .text(Anthropic.TextBlock(text: "look at \"this\"", cacheControl: hour)),
            .image(Anthropic.ImageBlock(source: .base64(mediaType: "image/png", data: "iVBORw0KGgo="))),
            .image(Anthropic.ImageBlock(source: .url("https://example.com/a.png"), cacheControl: ephemeral)),
            .toolUse(Anthropic.ToolUseBlock(id: "toolu_1", name: "search", input: .object(["q": .string("x"), "n": .double(2.5)]), cacheControl: ephemeral)),
            .toolResult(Anthropic.ToolResultBlock(toolUseID: "toolu_1", content: .text("found"), isError: false)),
            .toolResult(Anthropic.ToolResultBlock(toolUseID: "toolu_2", content: .blocks([.text(Anthropic.TextBlock(text: "a"))]), isError: true, cacheControl: hour)),
            .toolResult(Anthropic.ToolResultBlock(toolUseID: "toolu_3", content: nil)),
            .thinking(Anthropic.ThinkingBlock(thinking: "hmm", signature: "sig")),
            .thinking(Anthropic.ThinkingBlock(thinking: "hmm", signature: nil)),
            .redactedThinking(Anthropic.RedactedThinkingBlock(data: "opaque")),
        ]
        let full = Anthropic.MessagesRequest(
            model: "claude-sonnet-4-5",
            maxTokens: 4096,
            messages: [
                Anthropic.MessageParam(role: .user, content: .text("hi")),
                Anthropic.MessageParam(role: .assistant, content: .blocks(blocks)),
                Anthropic.MessageParam(role: .user, content: .blocks([])),
            ],
            system: .blocks([Anthropic.TextBlock(text: "Be brief.", cacheControl: ephemeral), Anthropic.TextBlock(text: "Really.")]),
            tools: [
                Anthropic.Tool(name: "search", description: "Searches.", inputSchema: schema, cacheControl: ephemeral),
                Anthropic.Tool(name: "bare", inputSchema: .object([:])),
            ],
            toolChoice: Anthropic.ToolChoice(type: "tool", name: "search", disableParallelToolUse: true),
            stopSequences: ["\n\nHuman:", "END"],
            temperature: 0.7,
            topP: 1.0,
            topK: 40,
            stream: true,
            thinking: .enabled(budgetTokens: 2048),
            metadata: Anthropic.Metadata(userID: "user-1")
        )
        try expectWrittenAsEncoded(full)

        var plain = full
        (plain.system, plain.tools, plain.toolChoice, plain.stopSequences) = (.text("Be brief."), [], Anthropic.ToolChoice(type: "auto"), [])
        (plain.temperature, plain.topP, plain.topK, plain.stream, plain.thinking) = (nil, nil, nil, false, .disabled)
        plain.metadata = Anthropic.Metadata(userID: nil)
        try expectWrittenAsEncoded(plain)

        let minimal = Anthropic.MessagesRequest(model: "m", maxTokens: 1, messages: [])
        try expectWrittenAsEncoded(minimal)
    }

    @Test func aNumberJSONCannotHoldIsLeftToTheEncoder() {
        var request = Anthropic.MessagesRequest(model: "m", maxTokens: 1, messages: [])
        request.temperature = .nan
        #expect(request.writtenJSON == nil)
        request.temperature = nil
        request.tools = [Anthropic.Tool(name: "t", inputSchema: .object(["maximum": .double(.infinity)]))]
        #expect(request.writtenJSON == nil)
    }
}
