import SwitchyardCore

/// The refusal of an admin route whose data the configured store does not keep.
enum AdminStoreMissing {
    /// A `not_found` error (404) saying which data (`quotas`, `the ledger`) the store lacks.
    static func error(needed what: String) -> SwitchyardError {
        SwitchyardError(
            code: .notFound,
            message: "This gateway's store keeps no \(what); the admin API can only manage \(what) on a store that does.",
            stage: .edge
        )
    }
}
