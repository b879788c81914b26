import SwitchyardCore

extension InMemoryStore {
    struct QuotaState {
        var quotas: [Quota] = []
        var counters: [QuotaCounterID: QuotaCounterState] = [:]
        var claimedAlerts: Set<ClaimedAlert> = []
    }

    struct ClaimedAlert: Hashable {
        var counter: QuotaCounterID
        var percent: Int
    }
}

extension InMemoryStore: QuotaStore {
    /// Stores a new quota.
    ///
    /// - Throws: ``SwitchyardError`` with code `invalidRequest` when the id already exists.
    public func insertQuota(_ quota: Quota) async throws {
        try quotaState.withLock { state in
            guard !state.quotas.contains(where: { $0.id == quota.id }) else {
                throw StoreError.duplicateQuotaID(quota.id)
            }
            state.quotas.append(quota)
        }
    }

    /// Every stored quota, in the order they were inserted.
    public func quotas() async throws -> [Quota] {
        quotaState.withLock { $0.quotas }
    }

    /// Deletes a quota. Returns `false` when no such quota exists.
    public func deleteQuota(id: String) async throws -> Bool {
        quotaState.withLock { state in
            guard let index = state.quotas.firstIndex(where: { $0.id == id }) else { return false }
            state.quotas.remove(at: index)
            return true
        }
    }

    /// Grants `min(amount, limit − leased)` when that is at least `minimum`, else 0, under one lock.
    public func lease(_ counter: QuotaCounterID, limit: Int64, amount: Int64, minimum: Int64) async throws -> Int64 {
        quotaState.withLock { state in
            var figures = state.counters[counter] ?? QuotaCounterState(limit: limit, leased: 0, consumed: 0)
            figures.limit = limit
            let grant = QuotaGrant.units(amount: amount, minimum: minimum, limit: limit, leased: figures.leased)
            figures.leased += grant
            state.counters[counter] = figures
            return grant
        }
    }

    /// Grants `amount` unconditionally.
    public func overdraw(_ counter: QuotaCounterID, limit: Int64, amount: Int64) async throws {
        quotaState.withLock { state in
            state.counters[counter, default: QuotaCounterState(limit: limit, leased: 0, consumed: 0)].leased += amount
        }
    }

    /// Gives back unused leased units.
    public func release(_ counter: QuotaCounterID, amount: Int64) async throws {
        quotaState.withLock { state in
            guard var figures = state.counters[counter] else { return }
            figures.leased = max(0, figures.leased - amount)
            state.counters[counter] = figures
        }
    }

    /// Adds consumed units to each counter and returns their figures afterwards.
    public func recordConsumption(_ amounts: [QuotaCounterID: QuotaConsumption]) async throws -> [QuotaCounterID: QuotaCounterState] {
        quotaState.withLock { state in
            var after: [QuotaCounterID: QuotaCounterState] = [:]
            for (counter, consumption) in amounts {
                var figures = state.counters[counter] ?? QuotaCounterState(limit: consumption.limit, leased: 0, consumed: 0)
                figures.consumed += consumption.amount
                state.counters[counter] = figures
                after[counter] = figures
            }
            return after
        }
    }

    /// A counter's figures; `nil` when it was never used.
    public func counter(_ id: QuotaCounterID) async throws -> QuotaCounterState? {
        quotaState.withLock { $0.counters[id] }
    }

    /// `true` for the first claim of this alert only.
    public func claimAlert(_ counter: QuotaCounterID, percent: Int) async throws -> Bool {
        quotaState.withLock { $0.claimedAlerts.insert(ClaimedAlert(counter: counter, percent: percent)).inserted }
    }
}
