import SwitchyardCore
import Tracing

/// The engine's front door for model calls: the pipeline of stages ending in the router.
public struct ModelGateway: Sendable {
    /// The router the pipeline ends in: its catalog and deployment health.
    public let router: ModelRouter
    private let pipeline: Pipeline<ChatRequest, ChatEventStream>
    private let stageSpans: StageSpans

    /// Assembles the standard pipeline — metering, model access policy, loop detection, quotas, then
    /// `additionalStages` in order — ending in `router`. A stage given as `nil` is left out.
    ///
    /// - Parameters:
    ///   - metering: Records every call, refused ones included, so it comes first.
    ///   - loopDetection: Refuses repeated identical calls before they draw on any quota.
    ///   - quotas: Budgets, rate limits and step limits.
    ///   - additionalStages: Stages that see every admitted call and its answer stream.
    ///   - tracer: Records a span per stage (``traceStages(of:under:)``).
    public init(
        router: ModelRouter,
        metering: MeteringStage? = nil,
        loopDetection: LoopDetectionStage? = nil,
        quotas: QuotaStage? = nil,
        additionalStages: [any PipelineStage<ChatRequest, ChatEventStream>] = [],
        tracer: any Tracer = InstrumentationSystem.tracer
    ) {
        self.router = router
        var stages: [any PipelineStage<ChatRequest, ChatEventStream>] = []
        if let metering { stages.append(metering) }
        stages.append(ModelAccessStage())
        if let loopDetection { stages.append(loopDetection) }
        if let quotas { stages.append(quotas) }
        self.pipeline = Pipeline(stages: stages + additionalStages) { request, context in
            try await router.route(request, context: context)
        }
        self.stageSpans = StageSpans(tracer: tracer)
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

    /// Records a span per pipeline stage the call in `record` went through, under `parent` (the request's span
    /// context). Called once the answer has been written, so the stage spans cost the caller no latency.
    public func traceStages(of record: CallRecord, under parent: ServiceContext) {
        stageSpans.record(record, under: parent)
    }
}
