import Foundation
import Logging
import Synchronization
import SwitchyardCore

/// This replica's share of every quota counter in use: units leased from the shared store and not yet spent.
///
/// Admission takes from the local allotment without a store round trip. Only when it runs short does a call
/// lease more — atomically, and never past the limit — and a background ``sync(now:)`` writes consumption back,
/// tops up allotments before they run dry, and returns those left idle so other replicas can use them.
///
/// A counter has at most one call's lease in flight: calls short of it at the same moment (every call at the start
/// of a new window) wait for that lease and take from what it brought. Leasing each a share of what was left,
/// twenty of them took a whole limit between them and the calls after them were refused while this replica held
/// it all.
final class AllotmentPool: Sendable {
    /// Units one call holds on one counter until it settles.
    struct Hold: Sendable, Hashable {
        var binding: QuotaBinding
        var amount: Int64
    }

    /// A counter's local figures.
    private struct Slot {
        var binding: QuotaBinding
        /// Leased and free for the next call.
        var available: Int64 = 0
        /// Held by calls in flight.
        var reserved: Int64 = 0
        /// Consumed by settled calls, not yet written to the store.
        var pendingConsumption: Int64 = 0
        /// Consumed past what was leased, not yet overdrawn in the store.
        var pendingOverdraft: Int64 = 0
        /// The counter's consumption as the store last reported it (every replica's).
        var storeConsumed: Int64 = 0
        /// The counter's units leased by every replica, as the store last reported it plus this replica's
        /// leases since: what is left to lease is the limit minus this.
        var storeLeased: Int64 = 0
        var lastUsed: ContinuousClock.Instant
        var leaseDivisor: Int
        /// Whether a call is leasing more for this counter; calls short meanwhile wait in ``leaseWaiters``.
        var isLeasing = false
        var leaseWaiters: [CheckedContinuation<Void, Never>] = []

        /// How much to lease at a time: a 1/``leaseDivisor`` share of what is left to lease, so allotments shrink
        /// as a cap runs out and little is stranded on one replica when another needs the last units.
        var leaseChunk: Int64 {
            max(1, (binding.quota.limit - storeLeased) / Int64(max(1, leaseDivisor)))
        }

        /// Notes units this replica leased (`granted` of `requested`); a short grant means nothing is left.
        mutating func noteLease(granted: Int64, requested: Int64) {
            storeLeased = granted < requested ? binding.quota.limit : storeLeased + granted
        }
    }

    private let store: any QuotaStore
    private let settings: QuotaSettings
    private let alerts: QuotaAlerts
    private let logger: Logger
    private let slots = Mutex<[QuotaCounterID: Slot]>([:])

    init(store: any QuotaStore, settings: QuotaSettings, alerts: QuotaAlerts, logger: Logger) {
        self.store = store
        self.settings = settings
        self.alerts = alerts
        self.logger = logger
    }

    /// Holds `amount` units of each binding's counter, or none at all.
    ///
    /// - Throws: ``QuotaRefusal`` naming the first quota that cannot cover its amount; a store failure when more
    ///   had to be leased and the store could not be reached (the call is refused rather than risk the cap).
    func reserve(_ demands: [(binding: QuotaBinding, amount: Int64)]) async throws -> [Hold] {
        var holds: [Hold] = []
        for demand in demands {
            do {
                try await hold(demand.amount, of: demand.binding)
            } catch {
                release(holds)
                throw error
            }
            holds.append(Hold(binding: demand.binding, amount: demand.amount))
        }
        return holds
    }

    /// What a call short of the local allotment does next.
    private enum HoldStep {
        /// The units are held.
        case held
        /// Another call is leasing for this counter: wait for it, then look again.
        case waitForLease
        /// Lease `requested` units, at least `minimum`, then look again.
        case lease(requested: Int64, minimum: Int64)
    }

    /// Holds `amount` units of `binding`'s counter from the local allotment, leasing more when it is short.
    private func hold(_ amount: Int64, of binding: QuotaBinding) async throws {
        let counter = binding.counter
        while true {
            let step = slots.withLock { slots -> HoldStep in
                var slot = slots[counter] ?? newSlot(binding, now: .now)
                defer { slots[counter] = slot }
                slot.binding = binding
                slot.lastUsed = .now
                if slot.available >= amount {
                    slot.available -= amount
                    slot.reserved += amount
                    return .held
                }
                if slot.isLeasing { return .waitForLease }
                slot.isLeasing = true
                let minimum = amount - slot.available
                return .lease(requested: max(minimum, slot.leaseChunk), minimum: minimum)
            }
            switch step {
            case .held:
                return
            case .waitForLease:
                await waitForLease(on: counter)
            case .lease(let requested, let minimum):
                let granted: Int64
                do {
                    granted = try await store.lease(counter, limit: binding.quota.limit, amount: requested, minimum: minimum)
                } catch {
                    finishLease(of: binding) { _ in }
                    throw QuotaRefusal.storeUnreachable(binding, cause: error)
                }
                finishLease(of: binding) { slot in
                    slot.noteLease(granted: granted, requested: requested)
                    slot.available += granted
                }
                // A short grant means the limit has no room left; otherwise look again (calls that needed less
                // may have taken from the allotment meanwhile).
                guard granted >= minimum else { throw QuotaRefusal(binding: binding, requested: amount) }
            }
        }
    }

    /// Waits until the lease in flight for `counter` has ended (at once if none is).
    private func waitForLease(on counter: QuotaCounterID) async {
        await withCheckedContinuation { continuation in
            let isLeasing = slots.withLock { slots in
                guard slots[counter]?.isLeasing == true else { return false }
                slots[counter]?.leaseWaiters.append(continuation)
                return true
            }
            if !isLeasing { continuation.resume() }
        }
    }

    /// Ends the lease in flight for `binding`'s counter — applying `update` to its slot — and wakes the calls
    /// waiting for it.
    private func finishLease(of binding: QuotaBinding, _ update: (inout Slot) -> Void) {
        let waiters = slots.withLock { slots in
            var slot = slots[binding.counter] ?? newSlot(binding, now: .now)
            defer { slots[binding.counter] = slot }
            update(&slot)
            slot.isLeasing = false
            defer { slot.leaseWaiters = [] }
            return slot.leaseWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func newSlot(_ binding: QuotaBinding, now: ContinuousClock.Instant) -> Slot {
        Slot(binding: binding, lastUsed: now, leaseDivisor: settings.leaseDivisor)
    }

    /// Gives the held units back, unspent: the call failed or was refused further down.
    func release(_ holds: [Hold]) {
        slots.withLock { slots in
            for hold in holds where hold.amount > 0 {
                slots[hold.binding.counter]?.reserved -= hold.amount
                slots[hold.binding.counter]?.available += hold.amount
            }
        }
    }

    /// Charges each counter what the call really consumed. What it held and did not use returns to the local
    /// allotment; what it used beyond that comes from the allotment, and past it is overdrawn in the store.
    func settle(_ holds: [Hold], consumed: (QuotaBinding) -> Int64) {
        let now = ContinuousClock.now
        slots.withLock { slots in
            for hold in holds {
                // A slot is only forgotten once nothing is held on it, so it is here — unless the call held
                // nothing (a free model under a dollar budget); then start it again rather than lose the charge.
                var slot = slots[hold.binding.counter] ?? newSlot(hold.binding, now: now)
                let used = consumed(hold.binding)
                slot.reserved -= hold.amount
                if used <= hold.amount {
                    slot.available += hold.amount - used
                } else {
                    let extra = used - hold.amount
                    let fromAllotment = min(extra, slot.available)
                    slot.available -= fromAllotment
                    slot.pendingOverdraft += extra - fromAllotment
                }
                slot.pendingConsumption += used
                slot.lastUsed = now
                slots[hold.binding.counter] = slot
            }
        }
    }

    /// What is left of a counter in its window as this replica sees it: the limit minus what the store last
    /// reported consumed, what this replica consumed since, and what calls in flight hold.
    func remaining(_ binding: QuotaBinding) -> Int64 {
        slots.withLock { slots in
            guard let slot = slots[binding.counter] else { return binding.quota.limit }
            return max(0, binding.quota.limit - slot.storeConsumed - slot.pendingConsumption - slot.reserved)
        }
    }

    /// The counter's consumption for a refusal message: the store's figure plus what is not yet written.
    func consumed(_ binding: QuotaBinding) async -> Int64 {
        let local = slots.withLock { $0[binding.counter].map { $0.pendingConsumption } ?? 0 }
        let stored = (try? await store.counter(binding.counter))?.consumed
        return (stored ?? slots.withLock { $0[binding.counter]?.storeConsumed ?? 0 }) + local
    }

    /// Writes consumption and overdrafts to the store, raises alerts for thresholds crossed, tops up allotments
    /// in use, gives back idle ones, and forgets counters whose window has ended.
    func sync(now: Date) async {
        await writeConsumption()
        await topUpAndReleaseIdle()
        slots.withLock { slots in
            slots = slots.filter { _, slot in
                guard let end = slot.binding.windowEnd, end <= now else { return true }
                return slot.reserved > 0 || slot.pendingConsumption > 0 || slot.pendingOverdraft > 0 || slot.isLeasing
            }
        }
    }

    /// Writes what is pending and gives every free unit back to the store: the last act of a replica that stops.
    func drain() async {
        await writeConsumption()
        let free = slots.withLock { slots in
            slots.compactMap { counter, slot -> (QuotaCounterID, Int64)? in
                guard slot.available > 0 else { return nil }
                slots[counter]?.available = 0
                return (counter, slot.available)
            }
        }
        for (counter, amount) in free {
            do {
                try await store.release(counter, amount: amount)
            } catch {
                logger.warning("Could not give back an allotment", metadata: ["counter": "\(counter)", "error": "\(error)"])
            }
        }
    }

    private func writeConsumption() async {
        let (consumption, overdrafts, bindings) = slots.withLock { slots in
            var consumption: [QuotaCounterID: QuotaConsumption] = [:]
            var overdrafts: [(QuotaBinding, Int64)] = []
            var bindings: [QuotaCounterID: QuotaBinding] = [:]
            for (counter, slot) in slots {
                if slot.pendingConsumption > 0 {
                    consumption[counter] = QuotaConsumption(limit: slot.binding.quota.limit, amount: slot.pendingConsumption)
                    bindings[counter] = slot.binding
                    slots[counter]?.pendingConsumption = 0
                }
                if slot.pendingOverdraft > 0 {
                    overdrafts.append((slot.binding, slot.pendingOverdraft))
                    slots[counter]?.pendingOverdraft = 0
                }
            }
            return (consumption, overdrafts, bindings)
        }
        for (binding, amount) in overdrafts {
            do {
                try await store.overdraw(binding.counter, limit: binding.quota.limit, amount: amount)
                logger.notice(
                    "A call cost more than it reserved; charged past the allotment",
                    metadata: ["quota": "\(binding.quota.id)", "scope": "\(binding.scopeLabel)", "overdraft": "\(amount)"]
                )
            } catch {
                slots.withLock { $0[binding.counter]?.pendingOverdraft += amount }
                logger.warning("Could not record an overdraft; will retry", metadata: ["counter": "\(binding.counter)", "error": "\(error)"])
            }
        }
        guard !consumption.isEmpty else { return }
        let after: [QuotaCounterID: QuotaCounterState]
        do {
            after = try await store.recordConsumption(consumption)
        } catch {
            slots.withLock { slots in
                for (counter, written) in consumption {
                    slots[counter]?.pendingConsumption += written.amount
                }
            }
            logger.warning("Could not write quota consumption; will retry", metadata: ["error": "\(error)"])
            return
        }
        for (counter, figures) in after {
            slots.withLock { slots in
                slots[counter]?.storeConsumed = figures.consumed
                slots[counter]?.storeLeased = figures.leased
            }
            guard let binding = bindings[counter], let written = consumption[counter] else { continue }
            await alerts.check(binding, before: figures.consumed - written.amount, after: figures.consumed, limit: figures.limit)
        }
    }

    private func topUpAndReleaseIdle() async {
        let now = ContinuousClock.now
        let idleAfter = settings.idleRelease
        let (topUps, idle) = slots.withLock { slots in
            var topUps: [(QuotaBinding, Int64)] = []
            var idle: [(QuotaCounterID, Int64)] = []
            for (counter, slot) in slots {
                if now - slot.lastUsed >= idleAfter {
                    if slot.available > 0 {
                        idle.append((counter, slot.available))
                        slots[counter]?.available = 0
                    }
                } else if slot.available < slot.leaseChunk / 2 {
                    topUps.append((slot.binding, slot.leaseChunk))
                }
            }
            return (topUps, idle)
        }
        for (counter, amount) in idle {
            do {
                try await store.release(counter, amount: amount)
                slots.withLock { $0[counter]?.storeLeased -= amount }
            } catch {
                slots.withLock { $0[counter]?.available += amount }
            }
        }
        for (binding, chunk) in topUps {
            guard let granted = try? await store.lease(binding.counter, limit: binding.quota.limit, amount: chunk, minimum: 1) else {
                continue
            }
            slots.withLock { slots in
                slots[binding.counter]?.available += granted
                slots[binding.counter]?.noteLease(granted: granted, requested: chunk)
            }
        }
    }
}
