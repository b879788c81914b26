import Foundation

/// The counter of one quota in one window.
public struct QuotaCounterID: Sendable, Hashable, CustomStringConvertible {
    /// The quota's id, with the principal for a per-principal scope (`quota_5c1e…@user:alice`).
    public var name: String
    /// Milliseconds since 1970 at which the window began; `0` for a `total` window.
    public var windowStart: Int64

    /// Creates a counter id.
    public init(name: String, windowStart: Int64) {
        self.name = name
        self.windowStart = windowStart
    }

    /// `name@windowStart`.
    public var description: String {
        "\(name)@\(windowStart)"
    }
}

/// A counter's figures, shared by every replica through the store.
public struct QuotaCounterState: Sendable, Hashable {
    /// The cap the counter was last leased against.
    public var limit: Int64
    /// Units handed out to replicas, used or not: the figure that may never pass ``limit`` (short of overdrafts
    /// recorded when a call cost more than its reservation).
    public var leased: Int64
    /// Units actually consumed by finished calls.
    public var consumed: Int64

    /// Creates counter figures.
    public init(limit: Int64, leased: Int64, consumed: Int64) {
        self.limit = limit
        self.leased = leased
        self.consumed = consumed
    }
}
