/// When a successful call's ledger row is written, relative to the end of the call's answer.
public enum LedgerDurability: String, Sendable, Hashable, CaseIterable {
    /// The row is committed before the client receives the end of the answer (grouped with every other row that is
    /// ready), so a replica killed at any moment has a row for every call its clients were told succeeded. The
    /// default; the commit is on every call's path (about 0.3–0.45 ms one call at a time on SQLite).
    case committed
    /// The row is queued and the answer ends at once; rows are written in batches within ``queuedLinger``. A replica
    /// killed without a graceful shutdown loses the rows of its last moments; a graceful shutdown writes them all.
    case queued

    /// How long queued rows gather before they are written: one transaction for many calls instead of one per call.
    public static let queuedLinger: Duration = .milliseconds(100)
}
