import SwitchyardCore

/// Runaway protection: refuses, with `loop_detected`, a caller that sends the very same request too many times in
/// a short window — an agent repeating a call whose answer does not change what it does next.
///
/// The fingerprint is the caller (key, agent, session) and the whole request. Refused repeats are not counted, so
/// the caller is let through again once the burst has aged out of the window.
public struct LoopDetectionStage: PipelineStage {
    public var name: SwitchyardError.Stage { .runaway }

    private let detector: LoopDetector
    private let coversAllCalls: Bool

    /// A stage refusing loops `detector` finds — in every call when `coversAllCalls`, else only in calls that
    /// carry an agent or a session.
    public init(detector: LoopDetector, coversAllCalls: Bool) {
        self.detector = detector
        self.coversAllCalls = coversAllCalls
    }

    public func intercept(
        _ input: ChatRequest,
        context: CallContext,
        next: (ChatRequest, CallContext) async throws -> ChatEventStream
    ) async throws -> ChatEventStream {
        guard coversAllCalls || context.principal.agent != nil || context.principal.session != nil else {
            return try await next(input, context)
        }
        var hasher = Hasher()
        hasher.combine(context.principal.keyID)
        hasher.combine(context.principal.agent)
        hasher.combine(context.principal.session)
        hasher.combine(input)
        if let wait = detector.check(hasher.finalize(), now: .now) {
            let caller = context.principal.agent.map { "agent \($0)" } ?? context.principal.keyName.map { "key \($0)" } ?? "this caller"
            throw SwitchyardError(
                code: .loopDetected,
                message: "Loop detected: \(caller) sent this same request \(detector.threshold) times within "
                    + "\(detector.window.secondsDescription). Change the request (or wait \(wait.secondsDescription)) "
                    + "instead of repeating it.",
                stage: .runaway,
                scope: context.principal.keyName.map { "key:\($0)" } ?? "global",
                retryAfter: wait
            )
        }
        return try await next(input, context)
    }
}
