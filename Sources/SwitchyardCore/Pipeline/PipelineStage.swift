/// One stage of the gateway pipeline: look at the input, refuse it, change it, or hand it to `next`.
///
/// The shape Hummingbird middleware, OpenAPI runtime and gRPC interceptors share. Generic over what flows
/// through, so the same pipeline carries a model call today and a tool call later.
public protocol PipelineStage<Input, Output>: Sendable {
    /// What the stage receives and passes to `next`.
    associatedtype Input: Sendable
    /// What `next`, and so the stage, returns.
    associatedtype Output: Sendable

    /// The stage's name, as it appears in errors and traces.
    var name: SwitchyardError.Stage { get }

    /// Runs the stage. Call `next` to continue down the pipeline; throw a ``SwitchyardError`` to refuse.
    func intercept(
        _ input: Input,
        context: CallContext,
        next: (Input, CallContext) async throws -> Output
    ) async throws -> Output
}
