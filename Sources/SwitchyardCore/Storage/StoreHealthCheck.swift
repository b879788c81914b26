/// A store that can say whether it is reachable, for `/readyz`.
public protocol StoreHealthCheck: Sendable {
    /// Returns when the store answers a trivial query; throws otherwise.
    func checkHealth() async throws
}
