import SwitchyardCore

/// Follows an answer stream's usage figures and how much content it carried, so a call can be charged whether it
/// finished or stopped part way.
struct UsageMeter: Sendable {
    private var reported = Usage.zero
    private var streamedBytes = 0
    /// Whether the answer's `messageStop` went by.
    private(set) var isComplete = false

    /// Takes in one event.
    mutating func consume(_ event: StreamEvent) {
        switch event {
        case .messageStart(let start):
            if let usage = start.usage { reported = usage }
        case .blockDelta(_, let delta):
            switch delta {
            case .text(let text), .thinking(let text), .toolInputJSON(let text): streamedBytes += text.utf8.count
            case .signature: break
            }
        case .messageDelta(let delta):
            if let usage = delta.usage { reported = usage }
        case .messageStop:
            isComplete = true
        case .blockStart, .blockStop, .error:
            break
        }
    }

    /// What to charge: the provider's figures for a finished answer that reported them. An answer cut short (the
    /// client left, the upstream broke) or one whose provider reported nothing is charged the provider's figures
    /// where it sent some, else `estimatedInputTokens` of input and a token per four bytes of what was streamed.
    func usage(estimatedInputTokens: Int) -> Usage {
        if isComplete && reported != .zero {
            return reported
        }
        var usage = reported
        if usage.totalInputTokens == 0 {
            usage.inputTokens = estimatedInputTokens
        }
        usage.outputTokens = max(usage.outputTokens, (streamedBytes + 3) / 4)
        return usage
    }
}
