import Foundation
import Logging
import ServiceLifecycle
import SwitchyardCore

/// Deletes request-log entries older than the retention period, as a `Service` beside the server.
///
/// Every ``RequestLogSettings/retentionInterval`` (and once at start) it deletes expired entries in batches of
/// ``batchSize``, oldest first, pausing ``batchPause`` between batches, until a batch comes back short. Each batch
/// is one short transaction, so requests writing and reading the log wait at most one batch, never the whole purge.
/// Graceful shutdown stops it between batches or while it waits. With ``RequestLogSettings/retentionDays`` of 0 or
/// less it deletes nothing and waits for shutdown.
public struct RequestLogRetention<C: Clock>: Service where C.Duration == Duration {
    /// Entries deleted per transaction.
    public var batchSize: Int
    /// The pause between two batches, which lets other writers in.
    public var batchPause: Duration

    private let store: any RequestLogStore
    private let retentionDays: Int
    private let interval: Duration
    private let clock: C
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - store: The request log.
    ///   - settings: Supplies ``RequestLogSettings/retentionDays`` and ``RequestLogSettings/retentionInterval``.
    ///   - batchSize: Entries deleted per transaction. Default: 5,000.
    ///   - batchPause: The pause between batches. Default: 20 ms.
    ///   - clock: Times the interval and the pauses.
    ///   - now: The wall-clock time that ages are measured from.
    ///   - logger: Receives a line for each purge that deleted something, and store failures.
    public init(
        store: any RequestLogStore,
        settings: RequestLogSettings,
        batchSize: Int = 5_000,
        batchPause: Duration = .milliseconds(20),
        clock: C,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger
    ) {
        self.store = store
        self.retentionDays = settings.retentionDays
        self.interval = settings.retentionInterval
        self.batchSize = max(batchSize, 1)
        self.batchPause = batchPause
        self.clock = clock
        self.now = now
        self.logger = logger
    }

    /// Purges at once and then every interval until graceful shutdown.
    public func run() async throws {
        guard retentionDays > 0 else {
            try? await gracefulShutdown()
            return
        }
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await purge()
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("Could not delete expired request-log entries", metadata: ["error": "\(error)"])
                }
                try await clock.sleep(for: interval)
            }
        }
    }

    /// Deletes every entry that started more than ``RequestLogSettings/retentionDays`` days before now, batch by
    /// batch; returns how many went.
    ///
    /// - Throws: What the store throws, or `CancellationError` when cancelled during a pause.
    @discardableResult
    public func purge() async throws -> Int {
        let cutoff = now().addingTimeInterval(-Double(retentionDays) * 86_400)
        var deleted = 0
        while true {
            let batch = try await store.deleteRequests(startedBefore: cutoff, limit: batchSize)
            deleted += batch
            guard batch == batchSize else { break }
            try await clock.sleep(for: batchPause)
        }
        if deleted > 0 {
            logger.info(
                "Deleted expired request-log entries",
                metadata: ["request_log.deleted": "\(deleted)", "request_log.cutoff": "\(cutoff)"]
            )
        }
        return deleted
    }
}

extension RequestLogRetention where C == ContinuousClock {
    /// Creates the service on the continuous clock.
    public init(store: any RequestLogStore, settings: RequestLogSettings, logger: Logger) {
        self.init(store: store, settings: settings, clock: ContinuousClock(), logger: logger)
    }
}
