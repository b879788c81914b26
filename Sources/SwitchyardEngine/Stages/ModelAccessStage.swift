import SwitchyardCore

/// Policy: refuses a model alias the caller's key is not allowed to use.
public struct ModelAccessStage: PipelineStage {
    public var name: SwitchyardError.Stage { .policy }

    public init() {}

    public func intercept(
        _ input: ChatRequest,
        context: CallContext,
        next: (ChatRequest, CallContext) async throws -> ChatEventStream
    ) async throws -> ChatEventStream {
        guard context.principal.mayUse(model: input.model) else {
            throw SwitchyardError(
                code: .permissionDenied,
                message: "The key `\(context.principal.keyName ?? "?")` may not use the model `\(input.model)`. "
                    + "Allowed: \(context.principal.allowedModels.joined(separator: ", ")).",
                stage: .policy,
                scope: "key:\(context.principal.keyName ?? "?")/models"
            )
        }
        return try await next(input, context)
    }
}
