import SwitchyardCore

extension QuotaStore {
    /// The quotas scoped to one key (`key:<id>`), in the order they were created.
    public func quotas(ofKey id: String) async throws -> [Quota] {
        let scope = QuotaScope(.key, id)
        return try await quotas().filter { $0.scope == scope }
    }
}
