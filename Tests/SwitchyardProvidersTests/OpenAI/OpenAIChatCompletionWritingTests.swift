import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardProviders

@Suite("OpenAI chat completion, written by hand")
struct OpenAIChatCompletionWritingTests {
    private func expectWrittenAsEncoded(_ completion: OpenAI.ChatCompletion, _ comment: Comment? = nil) throws {
        let written = try #require(completion.writtenJSON, comment)
        let encoded = try DirectJSONEncoder.encode(completion)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: encoded, as: UTF8.self), comment)
    }

    @Test func answersAsTheGatewayWritesThemComeOutAsTheEncoderWritesThem() throws {
        let usage = Usage(inputTokens: 12, cacheReadTokens: 30, cacheWriteTokens: 0, outputTokens: 7, reasoningTokens: 3)
        let responses = [
            ChatResponse(id: "msg_1", model: "m", content: [.text("Hello \"there\"\n/ é 🌍")], stopReason: .endTurn, usage: usage),
            ChatResponse(id: "chatcmpl-2", model: "m", content: [.text("let me look"), .toolUse(ToolUse(id: "call_1", name: "lookup", input: .object(["q": .string("x")])))],
                         stopReason: .toolUse, usage: .zero),
            ChatResponse(id: "3", model: "m", content: [.toolUse(ToolUse(id: "call_2", name: "a", input: .object([:]))), .toolUse(ToolUse(id: "call_3", name: "b", input: .string("{\"cut")))],
                         stopReason: .toolUse, usage: usage),
            ChatResponse(id: "4", model: "m", content: [.text("I can't help with that.")], stopReason: .refusal, usage: usage),
            ChatResponse(id: "5", model: "m", content: [], stopReason: nil, usage: .zero),
            ChatResponse(id: "6", model: "m", content: [.thinking(Thinking(text: "hmm")), .text("ok")], stopReason: .maxTokens, usage: usage),
        ]
        for response in responses {
            try expectWrittenAsEncoded(OpenAI.ChatCompletionsAPI.completion(for: response, created: 1_764_806_400), "\(response.id)")
        }
    }

    @Test func upstreamAnswersWithEveryOptionalFieldSetOrLeftOutComeOutAsTheEncoderWritesThem() throws {
        for fixture in ["response-cached-reasoning", "response-refusal"] {
            let completion = try JSONDecoder().decode(OpenAI.ChatCompletion.self, from: Data(try OpenAIFixture.bytes(fixture, "json")))
            try expectWrittenAsEncoded(completion, "\(fixture)")
        }
        var bare = OpenAI.ChatCompletion(id: "c", created: 1, model: "m", choices: [], usage: nil)
        (bare.id, bare.object, bare.created, bare.model) = (nil, nil, nil, nil)
        try expectWrittenAsEncoded(bare)

        var message = OpenAI.ResponseMessage(content: nil, toolCalls: [OpenAI.ToolCall(id: "t", function: OpenAI.FunctionCall(name: "f", arguments: ""))])
        (message.role, message.reasoningContent, message.reasoning) = (nil, "r", "s")
        message.toolCalls?[0].id = nil
        message.toolCalls?[0].type = nil
        var choice = OpenAI.Choice(index: 0, message: message, finishReason: nil)
        choice.index = nil
        var usage = OpenAI.Usage(promptTokens: 1, completionTokens: 2, totalTokens: 3, promptTokensDetails: .init(cachedTokens: nil),
                                 completionTokensDetails: .init(reasoningTokens: 4))
        usage.promptCacheHitTokens = 5
        (usage.promptTokens, usage.totalTokens) = (nil, nil)
        try expectWrittenAsEncoded(OpenAI.ChatCompletion(id: "c", created: 1, model: "m", choices: [choice, choice], usage: usage))
    }

    @Test func toolArgumentsThatAreNotAStringAreWrittenAsTheEncoderWritesThem() throws {
        var call = OpenAI.ToolCall(id: "t", function: OpenAI.FunctionCall(name: "f", arguments: "{}"))
        call.function.arguments = .object(["a": .int(1), "b": .array([.double(2.5), .null]), "c": .string("\"")])
        let completion = OpenAI.ChatCompletion(id: "c", created: 1, model: "m",
                                               choices: [OpenAI.Choice(index: 0, message: OpenAI.ResponseMessage(content: nil, toolCalls: [call]), finishReason: "tool_calls")],
                                               usage: nil)
        try expectWrittenAsEncoded(completion)
    }

    @Test func aNumberJSONCannotHoldIsLeftToTheEncoder() {
        var call = OpenAI.ToolCall(id: "t", function: OpenAI.FunctionCall(name: "f", arguments: "{}"))
        call.function.arguments = .object(["a": .double(.infinity)])
        let completion = OpenAI.ChatCompletion(id: "c", created: 1, model: "m",
                                               choices: [OpenAI.Choice(index: 0, message: OpenAI.ResponseMessage(content: nil, toolCalls: [call]), finishReason: "tool_calls")],
                                               usage: nil)
        #expect(completion.writtenJSON == nil)
    }
}
