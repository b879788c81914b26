import SwitchyardCore

/// An ordered chain of ``PipelineStage``s ending in a terminal handler.
///
/// Stages run in order; each decides whether to call the next. The terminal (for model calls, the router)
/// runs when the last stage calls `next`. Each stage's timing and any refusal are recorded in the call's
/// ``CallRecord`` — the request log, `switchyard trace` and the stage spans (``StageSpans``, built once the call
/// is over) are made from these records.
public struct Pipeline<Input: Sendable, Output: Sendable>: Sendable {
    private let stages: [any PipelineStage<Input, Output>]
    private let terminal: @Sendable (Input, CallContext) async throws -> Output

    /// Creates a pipeline of `stages` ending in `terminal`.
    public init(
        stages: [any PipelineStage<Input, Output>],
        terminal: @escaping @Sendable (Input, CallContext) async throws -> Output
    ) {
        self.stages = stages
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
        let started = ContinuousClock.now
        do {
            let output = try await stage.intercept(input, context: context) { input, context in
                try await run(input, context: context, from: index + 1)
            }
            Self.record(stage.name, startedAt: started, failure: nil, in: context.record)
            return output
        } catch {
            Self.record(stage.name, startedAt: started, failure: error, in: context.record)
            throw error
        }
    }

    /// Records a stage that ended — with `failure`, when it threw. Kept out of the stages' frames, which are alive
    /// for as long as the call runs.
    @inline(never)
    private static func record(_ stage: SwitchyardError.Stage, startedAt started: ContinuousClock.Instant, failure: (any Error)?, in record: CallRecord) {
        let name = stage.rawValue
        guard let failure else {
            record.recordStage(.init(name: name, startedAt: started, duration: .now - started))
            return
        }
        let error = failure as? SwitchyardError
        // Only the stage that raised an error refused; the stages around it merely passed it on.
        let raisedHere = error.map { $0.stage?.rawValue == name } ?? true
        record.recordStage(
            .init(
                name: name,
                startedAt: started,
                duration: .now - started,
                refusal: raisedHere ? (error?.code.label ?? "internal_error") : nil,
                message: raisedHere ? error?.message : nil,
                scope: raisedHere ? error?.scope : nil
            )
        )
    }
}
