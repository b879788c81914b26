import SwitchyardCore

extension ModelRouter {
    /// What the rounds of attempts over one alias have met so far.
    ///
    /// `@unchecked Sendable`: used only by the task routing the call, one step at a time.
    final class Rounds: @unchecked Sendable {
        let alias: ModelAlias
        /// When the alias's total timeout runs out, if it has one.
        let deadline: ContinuousClock.Instant?
        var generator = SystemRandomNumberGenerator()
        private(set) var failures: [(Deployment, SwitchyardError)] = []

        init(alias: ModelAlias) {
            self.alias = alias
            let started = ContinuousClock.now
            self.deadline = alias.timeouts.total.map { started + $0 }
        }

        /// The pause before `round`, or `nil` when there is to be no such round (the backoff gives up, or it
        /// would pass the deadline).
        @inline(never)
        func delay(beforeRound round: Int) -> Duration? {
            let retryAfter = failures.compactMap(\.1.retryAfter).min()
            guard let delay = alias.retry.backoff.delay(forRetry: round, retryAfter: retryAfter, using: &generator) else { return nil }
            if let deadline, ContinuousClock.now + delay >= deadline { return nil }
            return delay
        }

        /// The answer of an attempt that reached its first content.
        ///
        /// - Throws: ``AliasFailure`` for a refusal without content when the alias has a content-policy fallback.
        @inline(never)
        func accept(_ outcome: (stream: ChatEventStream, refusedWithoutContent: Bool)) throws -> ChatEventStream {
            if outcome.refusedWithoutContent, alias.fallbacks.contentPolicy != nil {
                throw AliasFailure(
                    reason: "content-policy refusal",
                    kind: .contentPolicy,
                    error: SwitchyardError(code: .invalidRequest, message: "The model refused.", stage: .route)
                )
            }
            return outcome.stream
        }

        /// Notes that `deployment` failed with `error`, so the next deployment may be tried.
        ///
        /// - Throws: ``AliasFailure`` for a prompt too long for the alias; `error` itself when it is not retryable.
        @inline(never)
        func recordFailure(_ error: SwitchyardError, on deployment: Deployment) throws {
            if error.code == .contextWindowExceeded {
                throw AliasFailure(reason: "context window exceeded", kind: .contextWindow, error: error)
            }
            guard error.isRetryable else { throw error }
            failures.append((deployment, error))
        }

        /// The error for an alias none of whose deployments served the call: the last failure, with every attempt
        /// listed.
        @inline(never)
        func exhausted(attempts: [CallRecord.Attempt]) -> SwitchyardError {
            guard var last = failures.last?.1 else {
                return SwitchyardError(
                    code: .upstreamUnavailable,
                    message: "No deployment of `\(alias.name)` could take the call (\(Self.describe(attempts))).",
                    stage: .route,
                    scope: "model:\(alias.name)",
                    isRetryable: true
                )
            }
            guard attempts.count > 1 else { return last }
            last.message = "Every deployment of `\(alias.name)` failed (\(Self.describe(attempts))). Last error: \(last.message)"
            last.stage = .route
            last.scope = "model:\(alias.name)"
            return last
        }

        private static func describe(_ attempts: [CallRecord.Attempt]) -> String {
            attempts.map { "\($0.provider)/\($0.model): \($0.failure ?? "ok")" }.joined(separator: "; ")
        }
    }
}

/// A failure that another alias might not share: the alias's fallback for it may take over.
struct AliasFailure: Error {
    enum Kind {
        case contextWindow
        case contentPolicy
    }

    let reason: String
    let kind: Kind
    let error: SwitchyardError

    func fallback(in fallbacks: Fallbacks) -> String? {
        switch kind {
        case .contextWindow: fallbacks.contextWindow
        case .contentPolicy: fallbacks.contentPolicy
        }
    }
}
