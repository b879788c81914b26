import SwitchyardCore

/// An ordered chain of ``PipelineStage``s ending in a terminal handler.
///
/// Stages run in order; each decides whether to call the next. The terminal (for model calls, the router)
/// runs when the last stage calls `next`.
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
        return try await stages[index].intercept(input, context: context) { input, context in
            try await run(input, context: context, from: index + 1)
        }
    }
}
