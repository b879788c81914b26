import SwitchyardCore
import Tracing

/// An ordered chain of ``PipelineStage``s ending in a terminal handler.
///
/// Stages run in order; each decides whether to call the next. The terminal (for model calls, the router)
/// runs when the last stage calls `next`. Each stage runs in a span of its own (named `switchyard.STAGE`, nested
/// in the previous stage's), and its timing and any refusal are recorded in the call's ``CallRecord``.
public struct Pipeline<Input: Sendable, Output: Sendable>: Sendable {
    private let stages: [any PipelineStage<Input, Output>]
    private let terminal: @Sendable (Input, CallContext) async throws -> Output
    private let tracer: any Tracer

    /// Creates a pipeline of `stages` ending in `terminal`, tracing with `tracer`.
    public init(
        stages: [any PipelineStage<Input, Output>],
        tracer: any Tracer = InstrumentationSystem.tracer,
        terminal: @escaping @Sendable (Input, CallContext) async throws -> Output
    ) {
        self.stages = stages
        self.tracer = tracer
        self.terminal = terminal
    }

    /// Runs `input` through every stage and the terminal.
    public func run(_ input: Input, context: CallContext) async throws -> Output {
        try await run(input, context: context, from: 0)
    }

    private func run(_ input: Input, context: CallContext, from index: Int) async throws -> Output {
        guard index < stages.count else {
            return try await terminal(input, context)
        }
        let stage = stages[index]
        let name = stage.name.rawValue
        let started = ContinuousClock.now
        return try await tracer.withSpan("switchyard.\(name)", context: .current ?? .topLevel) { span in
            span.attributes["switchyard.stage"] = name
            do {
                let output = try await stage.intercept(input, context: context) { input, context in
                    try await run(input, context: context, from: index + 1)
                }
                context.record.recordStage(.init(name: name, startedAt: started, duration: .now - started))
                return output
            } catch {
                let failure = error as? SwitchyardError
                // Only the stage that raised an error refused; the stages around it merely passed it on.
                let raisedHere = failure.map { $0.stage?.rawValue == name } ?? true
                context.record.recordStage(
                    .init(
                        name: name,
                        startedAt: started,
                        duration: .now - started,
                        refusal: raisedHere ? (failure?.code.label ?? "internal_error") : nil,
                        message: raisedHere ? failure?.message : nil
                    )
                )
                if raisedHere, let failure {
                    span.attributes["switchyard.refusal.code"] = failure.code.label
                    span.attributes["switchyard.refusal.scope"] = failure.scope
                    span.attributes["switchyard.refusal.message"] = failure.message
                    span.setStatus(SpanStatus(code: .error, message: "\(failure.code.label): \(failure.message)"))
                }
                throw error
            }
        }
    }
}
