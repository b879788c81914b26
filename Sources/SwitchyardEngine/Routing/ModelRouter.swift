import Foundation
import Logging
import SwitchyardCore
import Tracing

/// The terminal of the model-call pipeline: applies routing rules, resolves the alias, and runs attempts over its
/// tiers of deployments until one serves the call.
///
/// For each round, tier by tier, the balancing strategy orders the tier's deployments; an open circuit breaker is
/// skipped without a network call; a concurrency limit queues or fails fast; the attempt must reach its first
/// content within the first-token timeout. A retryable failure (408, 409, 429, 5xx, 529, timeouts, unreachable
/// upstreams, a stream that fails before any content) moves on; when every deployment failed, the next round
/// waits with exponential backoff and full jitter (or the upstream's `Retry-After`) and re-attempts only what the
/// deployments' retry budgets allow. A prompt too long for the alias, or a refusal without content, goes to the
/// alias's fallback when it has one. Every attempt is recorded in the call's ``CallRecord``.
public struct ModelRouter: Sendable {
    /// The providers, aliases and rules routed over.
    public var catalog: ModelCatalog
    /// The deployments' live health, shared with the admin API.
    public let health: DeploymentHealth
    /// The longest wait for an upstream's response head when neither the alias nor the deployment sets a
    /// first-token or total timeout (`server.upstream_timeout_seconds`). Enforced by the transport, so a call
    /// without timeouts of its own costs no timer task.
    public var responseTimeout: Duration

    private let client: ProviderClient
    private let quotas: QuotaEnforcer?
    private let telemetry: RouterTelemetry

    /// A router over `catalog`, sending through `client` and keeping health in `health`; `quotas`, when given,
    /// enforces the rate limits of `deployment:` scope (an upstream's own limits) before each attempt. An answered
    /// attempt's span is finished on `background`.
    public init(
        catalog: ModelCatalog,
        client: ProviderClient,
        health: DeploymentHealth,
        responseTimeout: Duration = .seconds(600),
        quotas: QuotaEnforcer? = nil,
        tracer: any Tracer = InstrumentationSystem.tracer,
        metrics: GatewayMetrics = GatewayMetrics(),
        background: BackgroundExecutor = .shared
    ) {
        self.catalog = catalog
        self.client = client
        self.health = health
        self.responseTimeout = responseTimeout
        self.quotas = quotas
        self.telemetry = RouterTelemetry(tracer: tracer, metrics: metrics, background: background)
    }

    /// Serves `request` from the first deployment that accepts it.
    ///
    /// The router's async functions stay lean on purpose: their frames are alive while the call waits for its first
    /// content — the deepest moment of the connection's task, whose frame memory stays with the connection — so the
    /// work before and after each wait is in synchronous functions of its own.
    public func route(_ request: ChatRequest, context: CallContext) async throws -> ChatEventStream {
        let (request, allowedProviders) = applyingRules(to: request, context: context)
        var visited: Set<String> = []
        return try await route(request, allowedProviders: allowedProviders, visited: &visited, context: context)
    }

    /// `request` as the first matching routing rule directs it, and the providers the rule restricts it to.
    @inline(never)
    private func applyingRules(to request: ChatRequest, context: CallContext) -> (ChatRequest, Set<String>) {
        guard let rule = catalog.firstMatchingRule(for: request, context: context) else { return (request, []) }
        var request = request
        if let alias = rule.alias { request.model = alias }
        let decision = "rule \(rule.name) chose \(rule.alias.map { "alias \($0)" } ?? "alias \(request.model)")"
            + (rule.providers.isEmpty ? "" : " on providers \(rule.providers.joined(separator: ", "))")
        context.record.recordRoutingDecision(decision)
        context.logger.debug("Routing rule matched", metadata: ["decision": "\(decision)"])
        return (request, Set(rule.providers))
    }

    private func route(
        _ request: ChatRequest,
        allowedProviders: Set<String>,
        visited: inout Set<String>,
        context: CallContext
    ) async throws -> ChatEventStream {
        let alias = try resolve(request.model, allowedProviders: allowedProviders)
        visited.insert(alias.name)
        do {
            return try await attempt(request, alias: alias, context: context)
        } catch let failure as AliasFailure {
            let fallbackRequest = try fallback(of: request, after: failure, on: alias, visited: visited, context: context)
            return try await route(fallbackRequest, allowedProviders: allowedProviders, visited: &visited, context: context)
        }
    }

    /// The alias `model` names, with only the deployments on `allowedProviders` when that is not empty.
    @inline(never)
    private func resolve(_ model: String, allowedProviders: Set<String>) throws -> ModelAlias {
        var alias = try catalog.resolve(model)
        guard !allowedProviders.isEmpty else { return alias }
        alias.tiers = alias.tiers.map { $0.filter { allowedProviders.contains($0.provider) } }.filter { !$0.isEmpty }
        guard !alias.tiers.isEmpty else {
            throw SwitchyardError(
                code: .permissionDenied,
                message: "No deployment of `\(alias.name)` runs on the providers this call is restricted to "
                    + "(\(allowedProviders.sorted().joined(separator: ", "))).",
                stage: .route,
                scope: "model:\(alias.name)"
            )
        }
        return alias
    }

    /// `request` sent to the fallback of `alias` for `failure`.
    ///
    /// - Throws: the failure's error when the alias has no fallback for it, or the fallback was tried already.
    @inline(never)
    private func fallback(
        of request: ChatRequest,
        after failure: AliasFailure,
        on alias: ModelAlias,
        visited: Set<String>,
        context: CallContext
    ) throws -> ChatRequest {
        guard let next = failure.fallback(in: alias.fallbacks), !visited.contains(next) else {
            throw failure.error
        }
        context.record.recordRoutingDecision("\(failure.reason) on \(alias.name): fell back to alias \(next)")
        var fallbackRequest = request
        fallbackRequest.model = next
        return fallbackRequest
    }

    /// Runs rounds of attempts over `alias`'s tiers.
    private func attempt(_ request: ChatRequest, alias: ModelAlias, context: CallContext) async throws -> ChatEventStream {
        let rounds = Rounds(alias: alias)
        for round in 0...max(0, alias.retry.maximumRetries) {
            if round > 0 {
                guard let delay = rounds.delay(beforeRound: round) else { break }
                try await Task.sleep(for: delay)
            }
            var attemptedThisRound = false
            for tier in alias.tiers {
                for deployment in order(tier, alias: alias, rounds: rounds) {
                    guard round == 0 || mayRetry(on: deployment, alias: alias, context: context) else { continue }
                    attemptedThisRound = true
                    do {
                        let outcome = try await attempt(
                            request,
                            on: deployment,
                            alias: alias,
                            deadline: rounds.deadline,
                            isRetry: round > 0,
                            context: context
                        )
                        return try rounds.accept(outcome)
                    } catch let error as SwitchyardError {
                        try rounds.recordFailure(error, on: deployment)
                    }
                }
            }
            if !attemptedThisRound && round > 0 { break }
        }
        throw rounds.exhausted(attempts: context.record.attempts)
    }

    /// The deployments of `tier`, in the order the balancing strategy gives for now.
    @inline(never)
    private func order(_ tier: [Deployment], alias: ModelAlias, rounds: Rounds) -> [Deployment] {
        Balancer.order(health.candidates(tier, now: .now), strategy: alias.strategy, using: &rounds.generator).map { tier[$0] }
    }

    /// Whether `deployment`'s retry budget allows a re-attempt (drawing on it); one it does not is recorded as
    /// skipped.
    @inline(never)
    private func mayRetry(on deployment: Deployment, alias: ModelAlias, context: CallContext) -> Bool {
        guard health.withdrawRetry(from: deployment, now: .now) else {
            record(skipped: deployment, alias: alias, reason: "retry_budget_exhausted", context: context)
            return false
        }
        return true
    }

    /// One attempt on one deployment: breaker, concurrency limit, the upstream call and its first content.
    @inline(never)
    private func attempt(
        _ request: ChatRequest,
        on deployment: Deployment,
        alias: ModelAlias,
        deadline: ContinuousClock.Instant?,
        isRetry: Bool,
        context: CallContext
    ) async throws -> (stream: ChatEventStream, refusedWithoutContent: Bool) {
        let started = ContinuousClock.now
        let holds = try await holdDeploymentRateLimits(request, on: deployment, alias: alias, context: context)
        let span = telemetry.startAttemptSpan(request, on: deployment, alias: alias)
        do {
            let outcome = try await ServiceContext.$current.withValue(span.context) {
                try await attempt(request, on: deployment, alias: alias, deadline: deadline, isRetry: isRetry, started: started, context: context)
            }
            let stream = answered(outcome.stream, span: span, holds: holds, request: request, context: context)
            return (stream, outcome.refusedWithoutContent)
        } catch {
            attemptFailed(with: error, span: span, holds: holds)
            throw error
        }
    }

    /// The answer's stream, ending the attempt's span and settling the rate-limit holds as it ends.
    @inline(never)
    private func answered(
        _ stream: ChatEventStream,
        span: any Span,
        holds: [AllotmentPool.Hold],
        request: ChatRequest,
        context: CallContext
    ) -> ChatEventStream {
        let stream = telemetry.endingAttemptSpan(span, with: stream, record: context.record)
        guard let quotas, !holds.isEmpty else { return stream }
        return QuotaSettlement(enforcer: quotas, holds: holds, request: request, record: context.record).settling(stream)
    }

    /// Releases the holds of an attempt that failed with `error`, and ends its span.
    @inline(never)
    private func attemptFailed(with error: any Error, span: any Span, holds: [AllotmentPool.Hold]) {
        quotas?.release(holds)
        telemetry.endAttemptSpan(span, failure: error)
    }

    /// Holds the call's share of the deployment's own rate limits; a deployment whose limit is spent is skipped
    /// like one whose breaker is open (a retryable refusal, so the next deployment is tried).
    private func holdDeploymentRateLimits(
        _ request: ChatRequest,
        on deployment: Deployment,
        alias: ModelAlias,
        context: CallContext
    ) async throws -> [AllotmentPool.Hold] {
        guard let quotas else { return [] }
        let now = Date()
        let bindings = try await quotas.bindings(forDeployment: deployment.id, now: now)
        guard !bindings.isEmpty else { return [] }
        let charge = CallCharge.worstCase(
            inputTokens: request.inputTokenBound,
            maximumOutputTokens: request.maxTokens ?? quotas.settings.defaultMaximumOutputTokens,
            price: deployment.price ?? alias.price,
            outputWeight: quotas.settings.outputTokenWeight
        )
        do {
            return try await quotas.admit(bindings, charge: charge, now: now)
        } catch var error as SwitchyardError where error.code == .rateLimited || error.code == .budgetExceeded {
            record(skipped: deployment, alias: alias, reason: "rate_limited", context: context)
            error.code = .rateLimited
            error.stage = .route
            error.isRetryable = true
            throw error
        }
    }

    /// The attempt itself, once the deployment's rate limits admitted it.
    @inline(never)
    private func attempt(
        _ request: ChatRequest,
        on deployment: Deployment,
        alias: ModelAlias,
        deadline: ContinuousClock.Instant?,
        isRetry: Bool,
        started: ContinuousClock.Instant,
        context: CallContext
    ) async throws -> (stream: ChatEventStream, refusedWithoutContent: Bool) {
        let limits = try admit(on: deployment, alias: alias, deadline: deadline, isRetry: isRetry, started: started, context: context)
        do {
            let outcome = try await withConcurrencySlot(on: deployment) {
                try await Self.withTimeLimit(limits.firstToken, deployment: deployment) {
                    try await client.open(request, on: deployment, timeouts: limits.transport, record: context.record)
                        .awaitingFirstContent()
                }
            }
            let stream = succeeded(outcome.stream, on: deployment, alias: alias, deadline: deadline, started: started, context: context)
            return (stream, outcome.refusedWithoutContent)
        } catch {
            throw failed(with: error, on: deployment, alias: alias, started: started, context: context)
        }
    }

    /// Lets an attempt on `deployment` start unless its circuit breaker is open, and counts it as started.
    ///
    /// - Returns: the attempt's first-token limit, and the transport's time limits.
    /// - Throws: a retryable ``SwitchyardError`` while the breaker is open.
    @inline(never)
    private func admit(
        on deployment: Deployment,
        alias: ModelAlias,
        deadline: ContinuousClock.Instant?,
        isRetry: Bool,
        started: ContinuousClock.Instant,
        context: CallContext
    ) throws -> (firstToken: Duration?, transport: TransportTimeouts) {
        switch health.admit(deployment, now: started) {
        case .rejected(let until):
            let wait = until - started
            record(skipped: deployment, alias: alias, reason: "circuit_open", context: context)
            throw SwitchyardError(
                code: .upstreamUnavailable,
                message: "The circuit breaker of \(deployment.id) is open for another \(wait.secondsDescription).",
                stage: .route,
                scope: "deployment:\(deployment.id)",
                isRetryable: true
            )
        case .allowed, .probe:
            break
        }
        let timeouts = deployment.timeouts.orElse(alias.timeouts)
        let remaining = deadline.map { $0 - started }
        let firstTokenLimit = [timeouts.firstToken, remaining].compactMap { $0 }.min()
        if !isRetry {
            // The budget measures original traffic; re-attempts draw on it instead of adding to it.
            health.recordRequest(to: deployment, now: started)
        }
        health.callStarted(on: deployment)
        let transport = TransportTimeouts(
            connect: timeouts.connect,
            responseHead: firstTokenLimit ?? responseTimeout,
            idle: timeouts.idle
        )
        return (firstTokenLimit, transport)
    }

    /// Records an attempt that reached its first content; its stream, which ends the call on `deployment` when it
    /// ends, and fails at the alias's deadline.
    @inline(never)
    private func succeeded(
        _ stream: ChatEventStream,
        on deployment: Deployment,
        alias: ModelAlias,
        deadline: ContinuousClock.Instant?,
        started: ContinuousClock.Instant,
        context: CallContext
    ) -> ChatEventStream {
        let now = ContinuousClock.now
        let latency = now - started
        health.recordSuccess(of: deployment, latency: latency, now: now)
        recordAttempt(
            .init(
                provider: deployment.provider,
                model: deployment.model,
                failure: nil,
                duration: latency,
                price: deployment.price ?? alias.price,
                startedAt: started
            ),
            on: deployment,
            alias: alias,
            context: context
        )
        let health = self.health
        return stream.ending(by: deadline).observing { event in
            if event == nil { health.callEnded(on: deployment) }
        }
    }

    /// Records an attempt that failed with `error`; returns the error to throw.
    @inline(never)
    private func failed(
        with error: any Error,
        on deployment: Deployment,
        alias: ModelAlias,
        started: ContinuousClock.Instant,
        context: CallContext
    ) -> any Error {
        health.callEnded(on: deployment)
        guard let error = error as? SwitchyardError else {
            health.releaseProbe(of: deployment)
            return error
        }
        let now = ContinuousClock.now
        let latency = now - started
        if error.isRetryable {
            health.recordFailure(of: deployment, failure: error.code.label, latency: latency, now: now)
        } else {
            // The upstream answered (a 400, say): it is healthy, whatever was wrong with the request.
            health.recordSuccess(of: deployment, latency: latency, now: now)
        }
        recordAttempt(
            .init(provider: deployment.provider, model: deployment.model, failure: error.code.label, duration: latency, startedAt: started),
            on: deployment,
            alias: alias,
            context: context
        )
        context.logger.warning("Upstream attempt failed", metadata: ["deployment": "\(deployment.id)", "error": "\(error)"])
        return error
    }

    private func withConcurrencySlot<Result: Sendable>(
        on deployment: Deployment,
        _ body: () async throws -> Result
    ) async throws -> Result {
        guard let limiter = health.limiter(for: deployment) else { return try await body() }
        do {
            return try await limiter.withPermit(timeout: deployment.concurrency?.queueTimeout, body)
        } catch var error as SwitchyardError where error.stage == .route && error.upstreamStatus == nil {
            error.scope = "deployment:\(deployment.id)"
            throw error
        }
    }

    private func record(skipped deployment: Deployment, alias: ModelAlias, reason: String, context: CallContext) {
        context.record.recordAttempt(
            .init(provider: deployment.provider, model: deployment.model, failure: reason, duration: .zero, wasSent: false, startedAt: .now)
        )
        telemetry.metrics.recordAttempt(model: alias.name, deployment: deployment.id, provider: deployment.provider, outcome: reason, duration: .zero)
    }

    /// Records a finished attempt in the call's record and the attempt metrics.
    private func recordAttempt(_ attempt: CallRecord.Attempt, on deployment: Deployment, alias: ModelAlias, context: CallContext) {
        context.record.recordAttempt(attempt)
        telemetry.metrics.recordAttempt(
            model: alias.name,
            deployment: deployment.id,
            provider: deployment.provider,
            outcome: attempt.failure ?? "ok",
            duration: attempt.duration
        )
    }

    /// Runs `body`, failing with a retryable timeout if it takes longer than `limit`. The limit is timed by an event
    /// loop, whose timer is taken back when `body` ends first (``EventLoopSleep``).
    @inline(never)
    private static func withTimeLimit<Result: Sendable>(
        _ limit: Duration?,
        deployment: Deployment,
        _ body: @escaping @Sendable () async throws -> Result
    ) async throws -> Result {
        guard let limit else { return try await body() }
        return try await withThrowingTaskGroup(of: Result.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await EventLoopSleep.sleep(for: limit)
                throw SwitchyardError(
                    code: .upstreamTimeout,
                    message: "\(deployment.id) sent no content within \(limit.secondsDescription).",
                    stage: .route,
                    scope: "deployment:\(deployment.id)",
                    isRetryable: true
                )
            }
            defer { group.cancelAll() }
            guard let result = try await group.next() else { throw CancellationError() }
            return result
        }
    }
}
