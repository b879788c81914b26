import ServiceLifecycle

/// A service whose work runs on a ``BackgroundExecutor``: its own task and every child task and default actor it
/// uses prefer that executor's thread to the concurrency pool.
public struct BackgroundService: Service {
    private let service: any Service
    private let executor: BackgroundExecutor

    /// `service`, run on `executor`.
    public init(_ service: any Service, on executor: BackgroundExecutor) {
        self.service = service
        self.executor = executor
    }

    public func run() async throws {
        try await withTaskExecutorPreference(executor) {
            try await service.run()
        }
    }
}
