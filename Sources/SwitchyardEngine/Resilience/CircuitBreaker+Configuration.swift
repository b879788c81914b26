extension CircuitBreaker {
    /// When a breaker opens, how long it stays open, and how it probes its way back to closed.
    ///
    /// A closed breaker opens on whichever trips first: ``consecutiveFailures`` failures in a row, or a failure rate
    /// of at least ``failureRateThreshold`` over the last ``window`` once that window holds ``minimumRequests``
    /// outcomes. It then stays open for a cooldown that starts at ``cooldown``, is multiplied by
    /// ``cooldownMultiplier`` each time a half-open probe fails (up to ``maximumCooldown``), and returns to
    /// ``cooldown`` once the breaker closes again.
    public struct Configuration: Sendable, Hashable {
        /// Failures in a row that open a closed breaker, whatever the window says. Default 5.
        public var consecutiveFailures: Int
        /// The failure rate (0 to 1) over ``window`` that opens a closed breaker, once the window holds at least
        /// ``minimumRequests`` outcomes. Default 0.5.
        public var failureRateThreshold: Double
        /// How many outcomes the window must hold before ``failureRateThreshold`` is applied. Default 20.
        public var minimumRequests: Int
        /// The sliding window the failure rate is measured over. Default 30 seconds.
        public var window: Duration
        /// How long a breaker stays open the first time before it admits a probe. Default 10 seconds.
        public var cooldown: Duration
        /// What the cooldown is multiplied by each time a failed probe re-opens the breaker; values below 1 keep
        /// it at ``cooldown``. Default 2.
        public var cooldownMultiplier: Double
        /// The longest a breaker ever stays open in one go. Default 300 seconds.
        public var maximumCooldown: Duration
        /// How many probe requests a half-open breaker lets through at the same time. Default 1.
        public var halfOpenProbes: Int
        /// Successful probes needed to close a half-open breaker; any failed probe re-opens it. Default 1.
        public var successesToClose: Int

        /// Creates a configuration; every parameter defaults to the value documented on its property.
        public init(
            consecutiveFailures: Int = 5,
            failureRateThreshold: Double = 0.5,
            minimumRequests: Int = 20,
            window: Duration = .seconds(30),
            cooldown: Duration = .seconds(10),
            cooldownMultiplier: Double = 2,
            maximumCooldown: Duration = .seconds(300),
            halfOpenProbes: Int = 1,
            successesToClose: Int = 1
        ) {
            self.consecutiveFailures = consecutiveFailures
            self.failureRateThreshold = failureRateThreshold
            self.minimumRequests = minimumRequests
            self.window = window
            self.cooldown = cooldown
            self.cooldownMultiplier = cooldownMultiplier
            self.maximumCooldown = maximumCooldown
            self.halfOpenProbes = halfOpenProbes
            self.successesToClose = successesToClose
        }
    }
}
