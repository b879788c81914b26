import SwitchyardCore

/// The engine's front door for model calls: the pipeline of stages ending in the router.
public struct ModelGateway: Sendable {
    /// The providers and aliases being served.
    public let catalog: ModelCatalog
    private let pipeline: Pipeline<ChatRequest, ChatEventStream>

    /// Assembles the standard pipeline: policy, then `additionalStages` in order, then routing over `client`.
    ///
    /// - Parameter additionalStages: stages that see every admitted call and its answer stream, such as metering.
    public init(catalog: ModelCatalog, client: ProviderClient, additionalStages: [any PipelineStage<ChatRequest, ChatEventStream>] = []) {
        let router = ModelRouter(catalog: catalog, client: client)
        self.catalog = catalog
        self.pipeline = Pipeline(stages: [ModelAccessStage()] + additionalStages) { request, context in
            try await router.route(request, context: context)
        }
    }

    /// Runs one model call through the pipeline and returns its answer as canonical events.
    ///
    /// - Throws: ``SwitchyardError`` from whichever stage refused the call.
    public func call(_ request: ChatRequest, context: CallContext) async throws -> ChatEventStream {
        try await pipeline.run(request, context: context)
    }
}
