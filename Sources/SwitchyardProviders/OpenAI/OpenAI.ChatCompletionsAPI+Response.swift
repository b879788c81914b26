import SwitchyardCore

extension OpenAI.ChatCompletionsAPI {
    /// The `chat.completion` object for a canonical answer.
    ///
    /// Text parts join into `content`; tool-use parts become `tool_calls` (with `content: null` when there is
    /// no text); thinking is omitted. A refusal's text goes in `refusal` with `content: null`, as OpenAI
    /// reports refusals.
    static func completion(for response: ChatResponse, created: Int) -> OpenAI.ChatCompletion {
        let text = response.text
        let toolCalls = response.content.compactMap { part -> OpenAI.ToolCall? in
            guard case .toolUse(let toolUse) = part else { return nil }
            return OpenAI.ToolCall(id: toolUse.id, function: OpenAI.FunctionCall(name: toolUse.name, arguments: argumentsText(toolUse.input)))
        }
        let message: OpenAI.ResponseMessage
        if response.stopReason == .refusal {
            message = OpenAI.ResponseMessage(content: nil, refusal: text)
        } else {
            message = OpenAI.ResponseMessage(
                content: text.isEmpty && !toolCalls.isEmpty ? nil : text,
                toolCalls: toolCalls.isEmpty ? nil : toolCalls
            )
        }
        return OpenAI.ChatCompletion(
            id: completionID(response.id),
            created: created,
            model: response.model,
            choices: [OpenAI.Choice(index: 0, message: message, finishReason: OpenAI.finishReason(for: response.stopReason))],
            usage: OpenAI.Usage(canonical: response.usage)
        )
    }

    /// The id with OpenAI's `chatcmpl-` prefix.
    static func completionID(_ id: String) -> String {
        id.hasPrefix("chatcmpl-") ? id : "chatcmpl-\(id)"
    }

    /// A tool call's `arguments` string: the input as compact JSON (an input kept as raw text, because the
    /// model's JSON was cut short, goes out as that text).
    static func argumentsText(_ input: JSONValue) -> String {
        input.stringValue ?? input.compactJSONString
    }
}
