import SwitchyardCore

extension ChatEventStream {
    /// The same stream, failing with a timeout when a piece arrives after `deadline` (the call's total timeout).
    ///
    /// A stream that stalls before the deadline is cut by the transport's idle timeout instead, so the total is
    /// exceeded by at most one idle period.
    func ending(by deadline: ContinuousClock.Instant?) -> ChatEventStream {
        guard let deadline else { return self }
        let iterator = UnfoldingIterator(makeAsyncIterator())
        return ChatEventStream(unfolding: {
            let event = try await iterator.next()
            if event != nil, ContinuousClock.now > deadline {
                throw Self.totalTimeoutExceeded()
            }
            return event
        })
    }

    @inline(never)
    private static func totalTimeoutExceeded() -> SwitchyardError {
        SwitchyardError(
            code: .upstreamTimeout,
            message: "The answer took longer than the call's total timeout.",
            stage: .route,
            isRetryable: false
        )
    }
}
