import Synchronization
import SwitchyardCore
import SwitchyardEngine

/// A pipeline stage that records the normalized usage of every answer that passes through it.
final class UsageCaptureStage: PipelineStage {
    private let captured = Mutex<[Usage]>([])

    var name: SwitchyardError.Stage { SwitchyardError.Stage(rawValue: "usage-capture") }

    /// The final usage of each completed answer, in completion order.
    var usages: [Usage] {
        captured.withLock { $0 }
    }

    func intercept(
        _ input: ChatRequest,
        context: CallContext,
        next: (ChatRequest, CallContext) async throws -> ChatEventStream
    ) async throws -> ChatEventStream {
        let answer = AnswerUsage()
        return try await next(input, context).observing { event in
            switch event {
            case .messageStart(let start):
                if let usage = start.usage { answer.latest.withLock { $0 = usage } }
            case .messageDelta(let delta):
                if let usage = delta.usage { answer.latest.withLock { $0 = usage } }
            case .messageStop:
                if let usage = answer.latest.withLock({ $0 }) { self.record(usage) }
            default:
                break
            }
        }
    }

    private func record(_ usage: Usage) {
        captured.withLock { $0.append(usage) }
    }
}

/// The latest usage seen in one answer.
private final class AnswerUsage: Sendable {
    let latest = Mutex<Usage?>(nil)
}
