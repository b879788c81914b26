import SwitchyardCore

extension SwitchyardError {
    /// `error` itself when it is a ``SwitchyardError``; otherwise an internal error that keeps its description
    /// as the cause (for logs) and says nothing of it to the caller.
    init(wrapping error: any Error) {
        if let error = error as? SwitchyardError {
            self = error
        } else if error is CancellationError {
            self = SwitchyardError(code: .upstreamUnavailable, message: "The request was cancelled.", stage: .edge, cause: "cancelled")
        } else {
            self = SwitchyardError(code: .internalError, message: "Switchyard failed to handle the request.", cause: String(describing: error))
        }
    }
}

extension Duration {
    /// Milliseconds with three decimals, such as `0.412`.
    var formattedMilliseconds: String {
        let (seconds, attoseconds) = components
        let microseconds = seconds * 1_000_000 + attoseconds / 1_000_000_000_000
        let whole = microseconds / 1000
        let fraction = String(microseconds % 1000)
        return "\(whole).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}
