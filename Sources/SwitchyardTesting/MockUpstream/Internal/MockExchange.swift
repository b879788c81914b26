import SwitchyardCore

/// What a mock needs to know about one request, read from whichever wire format it arrived in.
struct MockExchange: Sendable {
    /// A tool the request offers.
    struct Tool: Sendable {
        var name: String
        /// The tool's parameter schema, when it has one.
        var schema: JSONValue?
    }

    /// Whether and which tool the model may or must call.
    enum ToolChoice: Sendable, Equatable {
        case auto
        case none
        case named(String)
    }

    /// What the last message of the conversation is.
    enum LastTurn: Sendable, Equatable {
        /// A user message with no tool result.
        case userMessage
        /// Tool results, as text, in order.
        case toolResults([String])
        /// Anything else (an assistant prefill).
        case other
    }

    /// Whether and how the answer streams.
    enum Streaming: Sendable, Equatable {
        case none
        /// Server-Sent Events (every provider's `stream: true`, Gemini's `alt=sse`).
        case serverSentEvents
        /// Gemini's `streamGenerateContent` without `alt=sse`: a JSON array written element by element.
        case jsonArray
    }

    var model: String
    var streaming: Streaming
    /// OpenAI's `stream_options.include_usage`.
    var includeUsage: Bool
    var tools: [Tool]
    var toolChoice: ToolChoice
    var lastTurn: LastTurn
}
