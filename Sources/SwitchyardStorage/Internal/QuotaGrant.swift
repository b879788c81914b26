/// How much of a lease request a counter can grant: every store computes it the same way, under its own lock.
enum QuotaGrant {
    /// `min(amount, limit − leased)` when that is positive and at least `minimum`; otherwise 0.
    static func units(amount: Int64, minimum: Int64, limit: Int64, leased: Int64) -> Int64 {
        let grant = min(amount, max(0, limit - leased))
        return grant >= minimum && grant > 0 ? grant : 0
    }
}
