import Logging
import ServiceLifecycle
import Synchronization
import SwitchyardCore

/// Writes entries (ledger rows, request-log entries) to the store in batches, off the request path, with a
/// bounded queue.
///
/// ``write(_:)`` returns once the entry's batch is committed — a group commit: under load, one transaction carries
/// many calls' entries — so a client is told a call succeeded only after its ledger entry is durable. When nothing
/// is being committed or waiting, the caller commits its entry itself, sparing the hand-offs to the writer's task and
/// back; entries that come meanwhile wait for the writer, which takes them as one batch once that commit is done.
/// ``submit(_:)`` queues without waiting. A full queue drops the entry and counts it
/// (`switchyard_writes_dropped_total{queue}`) rather than stall a request or grow without bound; a failed batch is
/// retried, and its callers are released after the first failure so a store outage never holds answers back.
///
/// Run it as a `Service`: on graceful shutdown it writes everything queued before it returns.
public final class BatchWriter<Entry: Sendable>: Service, Sendable {
    /// Queue and batch sizes.
    public struct Settings: Sendable {
        /// The most entries waiting to be written. Default 10,000.
        public var capacity = 10_000
        /// The most entries in one transaction. Default 500.
        public var batchSize = 500
        /// How many times a failed batch is retried during shutdown before its entries are given up (and
        /// logged). While running, a batch is retried until it succeeds. Default 5.
        public var shutdownRetries = 5
        /// How long a writer lets entries gather once the first is queued, so that they are written in fewer,
        /// larger batches; `.zero` (the default, right for a ledger whose commits clients wait for) writes at once.
        /// The request log waits 200 ms: one insert for many requests instead of one per request, none of them in
        /// the way of the next request's ledger commit.
        public var linger: Duration = .zero

        /// The defaults.
        public init() {}
    }

    private struct Pending: Sendable {
        var entry: Entry
        var acknowledgement: CheckedContinuation<Void, Never>?
    }

    private enum Next {
        case batch([Pending])
        case finished
        case wait
    }

    private struct State: Sendable {
        var queue: [Pending] = []
        var wakeUp: CheckedContinuation<Void, Never>?
        var isShuttingDown = false
        /// A batch, or a caller's own entry, is being committed: one commit at a time.
        var isCommitting = false
    }

    /// The queue's name in metrics and logs: `ledger`, `request_log`.
    public let name: String
    private let append: @Sendable ([Entry]) async throws -> Void
    private let settings: Settings
    private let logger: Logger
    private let metrics: GatewayMetrics
    private let state = Mutex(State())

    /// A writer named `name` that stores each batch with `append`.
    public init(
        name: String,
        settings: Settings = Settings(),
        metrics: GatewayMetrics = GatewayMetrics(),
        logger: Logger,
        append: @escaping @Sendable ([Entry]) async throws -> Void
    ) {
        self.name = name
        self.append = append
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
    }

    /// How many entries wait to be written.
    public var queueDepth: Int {
        state.withLock { $0.queue.count }
    }

    /// Queues `entry` and returns once it is committed (or once a first attempt to commit it failed; it is then
    /// retried in the background), or at once when the queue is full and it is dropped.
    public func write(_ entry: Entry) async {
        let commitsItself = settings.linger == .zero && state.withLock { state in
            guard state.queue.isEmpty, !state.isCommitting, !state.isShuttingDown else { return false }
            state.isCommitting = true
            return true
        }
        guard commitsItself else {
            await withCheckedContinuation { acknowledgement in
                enqueue(Pending(entry: entry, acknowledgement: acknowledgement))
            }
            return
        }
        do {
            try await append([entry])
            commitEnded(requeuing: nil)
        } catch {
            // As for a failed batch: the caller goes on, and the writer retries the entry.
            logger.warning("Write failed; retrying", metadata: ["queue": "\(name)", "entries": "1", "error": "\(error)"])
            commitEnded(requeuing: Pending(entry: entry, acknowledgement: nil))
        }
    }

    /// Queues `entry` without waiting for it to be written.
    public func submit(_ entry: Entry) {
        enqueue(Pending(entry: entry, acknowledgement: nil))
    }

    /// Writes batches until graceful shutdown, then writes what is left and returns.
    public func run() async throws {
        await withGracefulShutdownHandler {
            while let batch = await nextBatch() {
                await commit(batch)
            }
        } onGracefulShutdown: {
            let wakeUp = self.state.withLock { state in
                state.isShuttingDown = true
                defer { state.wakeUp = nil }
                return state.wakeUp
            }
            wakeUp?.resume()
        }
    }

    private func enqueue(_ pending: Pending) {
        let (accepted, wakeUp) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
            guard state.queue.count < settings.capacity else { return (false, nil) }
            state.queue.append(pending)
            defer { state.wakeUp = nil }
            return (true, state.wakeUp)
        }
        if accepted {
            wakeUp?.resume()
        } else {
            metrics.recordDroppedWrite(queue: name)
            logger.error("Write queue full; entry dropped", metadata: ["queue": "\(name)"])
            pending.acknowledgement?.resume()
        }
    }

    /// The next batch to write; `nil` once shutting down with nothing left.
    private func nextBatch() async -> [Pending]? {
        var lingered = settings.linger == .zero
        while true {
            if !lingered, state.withLock({ !$0.queue.isEmpty && $0.queue.count < settings.batchSize && !$0.isShuttingDown }) {
                lingered = true
                try? await Task.sleep(for: settings.linger)
            }
            let next = state.withLock { state -> Next in
                // A caller committing its own entry has the store: what queued meanwhile waits for it.
                guard !state.isCommitting else { return .wait }
                if !state.queue.isEmpty {
                    let count = min(settings.batchSize, state.queue.count)
                    defer { state.queue.removeFirst(count) }
                    state.isCommitting = true
                    return .batch(Array(state.queue.prefix(count)))
                }
                return state.isShuttingDown ? .finished : .wait
            }
            switch next {
            case .batch(let batch):
                return batch
            case .finished: return nil
            case .wait:
                await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state in
                        guard state.isCommitting || (state.queue.isEmpty && !state.isShuttingDown) else { return true }
                        state.wakeUp = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    /// Ends the commit in progress, putting `requeuing` (a caller's entry whose commit failed) back at the front
    /// of the queue, and wakes the writer if there is work for it (entries queued meanwhile, or a shutdown).
    private func commitEnded(requeuing: Pending?) {
        let wakeUp = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.isCommitting = false
            if let requeuing { state.queue.insert(requeuing, at: 0) }
            guard !state.queue.isEmpty || state.isShuttingDown else { return nil }
            defer { state.wakeUp = nil }
            return state.wakeUp
        }
        wakeUp?.resume()
    }

    private func commit(_ batch: [Pending]) async {
        defer { commitEnded(requeuing: nil) }
        var waiting = batch.compactMap(\.acknowledgement)
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await append(batch.map(\.entry))
                waiting.forEach { $0.resume() }
                return
            } catch {
                waiting.forEach { $0.resume() }
                waiting = []
                let isShuttingDown = state.withLock { $0.isShuttingDown }
                if isShuttingDown && attempt > settings.shutdownRetries {
                    logger.error("Entries lost: the store kept failing during shutdown", metadata: ["queue": "\(name)", "entries": "\(batch.count)", "error": "\(error)"])
                    return
                }
                logger.warning("Batch write failed; retrying", metadata: ["queue": "\(name)", "entries": "\(batch.count)", "attempt": "\(attempt)", "error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(min(5_000, 100 << min(attempt, 6))))
            }
        }
    }
}
