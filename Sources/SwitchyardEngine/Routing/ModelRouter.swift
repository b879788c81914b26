import Logging
import SwitchyardCore

/// The terminal of the model-call pipeline: resolves the alias and tries its deployments in order.
///
/// A retryable failure (429, 5xx, 529, timeouts, unreachable upstreams, a stream that fails before its first
/// content) moves on to the next deployment; any other failure is final. Every attempt is recorded in the call's
/// ``CallRecord``.
public struct ModelRouter: Sendable {
    public var catalog: ModelCatalog
    private let client: ProviderClient

    public init(catalog: ModelCatalog, client: ProviderClient) {
        self.catalog = catalog
        self.client = client
    }

    /// Serves `request` from the first deployment of its alias that accepts it.
    public func route(_ request: ChatRequest, context: CallContext) async throws -> ChatEventStream {
        let alias = try catalog.resolve(request.model)
        let clock = ContinuousClock()
        var failures: [(Deployment, SwitchyardError)] = []
        for deployment in alias.targets {
            let started = clock.now
            do {
                let events = try await client.open(request, on: deployment, record: context.record).awaitingFirstContent()
                context.record.recordAttempt(.init(provider: deployment.provider, model: deployment.model, failure: nil, duration: clock.now - started))
                return events
            } catch let error as SwitchyardError {
                context.record.recordAttempt(
                    .init(provider: deployment.provider, model: deployment.model, failure: error.code.label, duration: clock.now - started)
                )
                context.logger.warning(
                    "Upstream attempt failed",
                    metadata: ["provider": "\(deployment.provider)", "model": "\(deployment.model)", "error": "\(error)"]
                )
                guard error.isRetryable else { throw error }
                failures.append((deployment, error))
            }
        }
        throw Self.exhausted(alias: alias, failures: failures)
    }

    /// The error for an alias whose every deployment failed: the last failure, with every attempt listed.
    private static func exhausted(alias: ModelAlias, failures: [(Deployment, SwitchyardError)]) -> SwitchyardError {
        guard var last = failures.last?.1 else {
            return SwitchyardError(code: .internalError, message: "The model `\(alias.name)` has no deployments.", stage: .route)
        }
        guard failures.count > 1 else { return last }
        let attempts = failures.map { "\($0.0.provider)/\($0.0.model): \($0.1.code.label)" }.joined(separator: "; ")
        last.message = "Every deployment of `\(alias.name)` failed (\(attempts)). Last error: \(last.message)"
        last.stage = .route
        last.scope = "model:\(alias.name)"
        return last
    }
}
