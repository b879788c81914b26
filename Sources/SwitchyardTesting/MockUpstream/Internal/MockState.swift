import Synchronization

/// The mutable state one mock shares between its request handlers and its ``MockUpstream/Handle``s.
final class MockState: Sendable {
    private struct Storage {
        var behavior: MockUpstream.Behavior
        var faults: MockUpstream.Faults
        /// Requests that received the configured ``faults`` since they were last replaced.
        var faultedCount = 0
        /// Requests that received each distinct `x-mock-fault` header value.
        var headerFaultCounts: [String: Int] = [:]
        var requests: [MockUpstream.RecordedRequest] = []
        var received = 0
    }

    private let storage: Mutex<Storage>

    init(behavior: MockUpstream.Behavior, faults: MockUpstream.Faults) {
        storage = Mutex(Storage(behavior: behavior, faults: faults))
    }

    var behavior: MockUpstream.Behavior {
        get { storage.withLock { $0.behavior } }
        set { storage.withLock { $0.behavior = newValue } }
    }

    var faults: MockUpstream.Faults {
        storage.withLock { $0.faults }
    }

    func setFaults(_ faults: MockUpstream.Faults) {
        storage.withLock {
            $0.faults = faults
            $0.faultedCount = 0
        }
    }

    func updateBehavior(_ update: (inout MockUpstream.Behavior) -> Void) {
        storage.withLock { update(&$0.behavior) }
    }

    /// The next request's sequence number.
    func nextSequence() -> Int {
        storage.withLock {
            $0.received += 1
            return $0.received
        }
    }

    func record(_ request: MockUpstream.RecordedRequest) {
        storage.withLock { $0.requests.append(request) }
    }

    var requests: [MockUpstream.RecordedRequest] {
        storage.withLock { $0.requests }
    }

    func clearRequests() {
        storage.withLock { $0.requests.removeAll() }
    }

    /// The faults one request receives, counting it against `failFirst`: the header's faults when it carries
    /// some, else the configured ones. Empty once `failFirst` requests have had them.
    func claimFaults(header: (specification: String, faults: MockUpstream.Faults)?) -> MockUpstream.Faults {
        storage.withLock { storage in
            if let header {
                let count = storage.headerFaultCounts[header.specification, default: 0]
                if let limit = header.faults.failFirst, count >= limit { return MockUpstream.Faults() }
                storage.headerFaultCounts[header.specification] = count + 1
                return header.faults
            }
            if let limit = storage.faults.failFirst, storage.faultedCount >= limit { return MockUpstream.Faults() }
            if let probability = storage.faults.probability, Double.random(in: 0..<1) >= probability { return MockUpstream.Faults() }
            if !storage.faults.isEmpty { storage.faultedCount += 1 }
            return storage.faults
        }
    }
}
