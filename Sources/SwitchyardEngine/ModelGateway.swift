import SwitchyardCore

/// The engine's front door for model calls: the pipeline of stages ending in the router.
public struct ModelGateway: Sendable {
    /// The providers and aliases being served.
    public let catalog: ModelCatalog
    private let pipeline: Pipeline<ChatRequest, ChatEventStream>

    /// Assembles the standard pipeline: policy, then routing over `client`.
    public init(catalog: ModelCatalog, client: ProviderClient) {
        let router = ModelRouter(catalog: catalog, client: client)
        self.catalog = catalog
        self.pipeline = Pipeline(stages: [ModelAccessStage()]) { request, context in
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
