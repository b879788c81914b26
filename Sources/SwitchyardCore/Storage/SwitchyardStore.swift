/// Everything a running gateway keeps in its store: keys, quotas and their counters, and the ledger.
///
/// One database serves all of them — SQLite embedded, or PostgreSQL shared by several replicas.
public typealias SwitchyardStore = KeyStore & QuotaStore & LedgerStore & StoreHealthCheck
