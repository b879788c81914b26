import SwitchyardCore

/// The engine's front door for model calls: the pipeline of stages ending in the router.
public struct ModelGateway: Sendable {
    /// The router the pipeline ends in: its catalog and deployment health.
    public let router: ModelRouter
    private let pipeline: Pipeline<ChatRequest, ChatEventStream>

    /// Assembles the standard pipeline: policy, then `additionalStages` in order, then `router`.
    ///
    /// - Parameter additionalStages: stages that see every admitted call and its answer stream, such as metering.
    public init(router: ModelRouter, additionalStages: [any PipelineStage<ChatRequest, ChatEventStream>] = []) {
        self.router = router
        self.pipeline = Pipeline(stages: [ModelAccessStage()] + additionalStages) { request, context in
            try await router.route(request, context: context)
        }
    }

    /// The providers, aliases and rules being served.
    public var catalog: ModelCatalog {
        router.catalog
    }

    /// Runs one model call through the pipeline and returns its answer as canonical events.
    ///
    /// - Throws: ``SwitchyardError`` from whichever stage refused the call.
    public func call(_ request: ChatRequest, context: CallContext) async throws -> ChatEventStream {
        try await pipeline.run(request, context: context)
    }
}
