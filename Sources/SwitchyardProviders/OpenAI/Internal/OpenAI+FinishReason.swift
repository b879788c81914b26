import SwitchyardCore

extension OpenAI {
    /// The canonical stop reason for a `finish_reason`.
    ///
    /// OpenAI reports a matched stop sequence as `stop` too, so `stop` always reads as ``StopReason/endTurn``.
    /// Values other servers invent (`eos`, `eos_token`, …) also read as a natural end.
    static func stopReason(forFinishReason reason: String) -> StopReason {
        switch reason {
        case "length", "max_tokens": .maxTokens
        case "tool_calls", "function_call": .toolUse
        case "content_filter": .contentFilter
        default: .endTurn
        }
    }

    /// The `finish_reason` for a canonical stop reason; `nil` (unknown) reads as `stop`.
    static func finishReason(for reason: StopReason?) -> String {
        switch reason {
        case .maxTokens: "length"
        case .toolUse: "tool_calls"
        case .contentFilter: "content_filter"
        case .endTurn, .stopSequence, .refusal, .pauseTurn, nil: "stop"
        }
    }
}
