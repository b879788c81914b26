import SQLiteNIO
import SwitchyardCore

/// The errors every store raises, so that all of them word the same failure the same way.
enum StoreError {
    /// A key with this id already exists.
    static func duplicateID(_ id: String) -> SwitchyardError {
        SwitchyardError(code: .invalidRequest, message: "A key with id '\(id)' already exists.")
    }

    /// A quota with this id already exists.
    static func duplicateQuotaID(_ id: String) -> SwitchyardError {
        SwitchyardError(code: .invalidRequest, message: "A quota with id '\(id)' already exists.")
    }

    /// A key with this secret hash already exists.
    static func duplicateSecretHash() -> SwitchyardError {
        SwitchyardError(code: .invalidRequest, message: "A key with the same secret hash already exists.")
    }

    /// A key that is not revoked already has this name.
    static func duplicateActiveName(_ name: String) -> SwitchyardError {
        SwitchyardError(
            code: .invalidRequest,
            message: "An active key named '\(name)' already exists; revoke it or choose another name."
        )
    }

    /// A uniqueness rule refused the key but the conflicting key could no longer be found.
    static func duplicateUnknown() -> SwitchyardError {
        SwitchyardError(
            code: .invalidRequest,
            message: "A key with the same id, secret hash or active name already exists."
        )
    }

    /// The database failed; `description` is a sentence for the caller that holds no SQL, the details go to `cause`.
    ///
    /// - Parameters:
    ///   - description: What failed, such as "saving the key." (the message reads "The store failed: saving the key.").
    ///   - cause: The underlying error, kept for logs only.
    static func failure(_ description: String, cause: (any Error)?) -> SwitchyardError {
        SwitchyardError(
            code: .internalError,
            message: "The store failed: \(description)",
            isRetryable: cause.map(isBusy) ?? false,
            cause: cause.map { String(describing: $0) }
        )
    }

    /// Whether `error` is SQLite saying another connection holds a lock it needs: a moment later it may not.
    private static func isBusy(_ error: any Error) -> Bool {
        guard let error = error as? SQLiteError else { return false }
        switch error.reason {
        case .busy, .busyInRecovery, .busyInSnapshot, .busyTimeout, .locked: return true
        default: return false
        }
    }

    /// `error` as the ``SwitchyardError`` callers see: cancellation and Switchyard's own errors pass through, any
    /// other is a ``failure(_:cause:)`` of `operation`.
    static func mapped(_ error: any Error, operation: String) -> any Error {
        switch error {
        case is SwitchyardError, is CancellationError: error
        default: failure(operation, cause: error)
        }
    }
}
