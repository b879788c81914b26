import SwitchyardCore

extension MockUpstream {
    /// A running mock: where it listens, what it received, and controls to change how it answers.
    ///
    /// Point a provider's `base_url` at ``baseURL`` (the mock accepts any path prefix, so `…/v1` works too).
    public struct Handle: Sendable {
        /// The wire format the mock speaks.
        public let provider: ProviderKind
        /// The port the mock listens on (the real one when configured with port 0).
        public let port: Int
        /// `http://HOST:PORT`, with no path and no trailing slash.
        public let baseURL: String
        let state: MockState

        init(provider: ProviderKind, host: String, port: Int, state: MockState) {
            self.provider = provider
            self.port = port
            let reachableHost = (host == "0.0.0.0" || host == "::" || host.isEmpty) ? "127.0.0.1" : host
            self.baseURL = reachableHost.contains(":") ? "http://[\(reachableHost)]:\(port)" : "http://\(reachableHost):\(port)"
            self.state = state
        }

        /// Every request received so far, oldest first (including refused and faulted ones).
        public var requests: [RecordedRequest] {
            state.requests
        }

        /// Forgets the recorded requests.
        public func clearRequests() {
            state.clearRequests()
        }

        /// How the mock answers healthy requests now.
        public var behavior: Behavior {
            state.behavior
        }

        /// Replaces how the mock answers from the next request on.
        public func setBehavior(_ behavior: Behavior) {
            state.behavior = behavior
        }

        /// Changes part of the behaviour, atomically: `handle.updateBehavior { $0.replyText = "Bonjour" }`.
        public func updateBehavior(_ update: (inout Behavior) -> Void) {
            state.updateBehavior(update)
        }

        /// The faults injected now (requests with an `x-mock-fault` header use theirs instead).
        public var faults: Faults {
            state.faults
        }

        /// Replaces the injected faults from the next request on and restarts the `failFirst` count.
        public func setFaults(_ faults: Faults) {
            state.setFaults(faults)
        }

        /// The canonical usage a correct translator derives from this mock's answers now
        /// (``Behavior/expectedUsage(for:)`` for ``provider``).
        public var expectedUsage: Usage {
            state.behavior.expectedUsage(for: provider)
        }
    }
}
