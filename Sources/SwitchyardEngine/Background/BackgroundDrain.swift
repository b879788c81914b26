import ServiceLifecycle

/// At graceful shutdown, waits until everything handed to a ``BackgroundExecutor`` so far has run, then returns.
///
/// Placed before the services that take what that work produces — the request-log writer, the trace exporter —
/// it shuts down after the server and before them, so the request-log entries and spans of the last calls reach
/// their writers before the writers write their last batch.
public struct BackgroundDrain: Service {
    private let executor: BackgroundExecutor

    /// A drain of `executor`.
    public init(_ executor: BackgroundExecutor) {
        self.executor = executor
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await executor.drain()
    }
}
