/// Everything a running gateway keeps in its store: keys, quotas and their counters, the ledger, and the request log.
///
/// One database serves all of them — SQLite embedded, or PostgreSQL shared by several replicas.
public typealias SwitchyardStore = KeyStore & QuotaStore & LedgerStore & RequestLogStore & StoreHealthCheck
