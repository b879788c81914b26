import Metrics
import Synchronization

/// The metric objects of every series used so far, so that a series is resolved in the factory once, not on every
/// request (a Prometheus factory sanitizes the name and labels and takes its registry lock on each resolution).
final class MetricHandles: Sendable {
    private struct Key: Hashable {
        var label: String
        var values: [String]
    }

    private let factory: any MetricsFactory
    private let counters = Mutex<[Key: Counter]>([:])
    private let floatingPointCounters = Mutex<[Key: FloatingPointCounter]>([:])
    private let timers = Mutex<[Key: Timer]>([:])
    private let gauges = Mutex<[Key: Gauge]>([:])

    init(factory: any MetricsFactory) {
        self.factory = factory
    }

    func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        let key = Key(label: label, values: dimensions.map(\.1))
        if let counter = counters.withLock({ $0[key] }) { return counter }
        let counter = Counter(label: label, dimensions: dimensions, factory: factory)
        return counters.withLock { $0.resolved(key, counter) }
    }

    func floatingPointCounter(_ label: String, _ dimensions: [(String, String)]) -> FloatingPointCounter {
        let key = Key(label: label, values: dimensions.map(\.1))
        if let counter = floatingPointCounters.withLock({ $0[key] }) { return counter }
        let counter = FloatingPointCounter(label: label, dimensions: dimensions, factory: factory)
        return floatingPointCounters.withLock { $0.resolved(key, counter) }
    }

    func timer(_ label: String, _ dimensions: [(String, String)]) -> Timer {
        let key = Key(label: label, values: dimensions.map(\.1))
        if let timer = timers.withLock({ $0[key] }) { return timer }
        let timer = Timer(label: label, dimensions: dimensions, factory: factory)
        return timers.withLock { $0.resolved(key, timer) }
    }

    func gauge(_ label: String, _ dimensions: [(String, String)]) -> Gauge {
        let key = Key(label: label, values: dimensions.map(\.1))
        if let gauge = gauges.withLock({ $0[key] }) { return gauge }
        let gauge = Gauge(label: label, dimensions: dimensions, factory: factory)
        return gauges.withLock { $0.resolved(key, gauge) }
    }
}

extension Dictionary {
    /// The value stored for `key`, storing `value` first when there is none (a series resolved by two callers at
    /// once is kept once: the first stored wins).
    fileprivate mutating func resolved(_ key: Key, _ value: Value) -> Value {
        if let stored = self[key] { return stored }
        self[key] = value
        return value
    }
}
