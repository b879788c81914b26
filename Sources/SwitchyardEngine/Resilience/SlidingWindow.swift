/// Tallies of events over a sliding time window, in a fixed ring of buckets.
///
/// The window is split into ``bucketCount`` equal buckets aligned on the first instant the window sees; bucket `k`
/// covers `[origin + k·width, origin + (k+1)·width)`. The window at `now` is the bucket holding `now` and the
/// `bucketCount − 1` before it, so an event leaves the window between `window − width` and `window` after it
/// happened (exactly `window` later it is always gone). Memory is fixed at `bucketCount` tallies whatever the
/// traffic, and a bucket is reused lazily: writing to a slot that still holds an older bucket resets it first, so
/// there is no per-tick sweep.
///
/// Instants may arrive slightly out of order (callers read the clock before taking a lock): an event older than the
/// window is dropped, and a query with an earlier `now` than some recorded event still counts that event.
struct SlidingWindow<Instant: InstantProtocol, Tally: AdditiveArithmetic & Sendable>: Sendable
where Instant.Duration == Duration {
    /// How many buckets a window is split into: one per second for a 30-second window.
    static var bucketCount: Int { 30 }

    private struct Bucket: Sendable {
        var index: Int
        var tally: Tally
    }

    /// The length of one bucket in attoseconds; zero when the window is empty (no positive duration).
    private let bucketWidth: Int128
    private var origin: Instant?
    private var buckets: [Bucket]

    /// Creates an empty window of the given length; a window of zero or negative length never holds anything.
    init(window: Duration) {
        self.bucketWidth = max(0, window.attoseconds / Int128(Self.bucketCount))
        self.buckets = Array(repeating: Bucket(index: .min, tally: .zero), count: Self.bucketCount)
    }

    /// Adds to the tally of the bucket holding `now`.
    mutating func record(now: Instant, _ update: (inout Tally) -> Void) {
        guard bucketWidth > 0 else { return }
        let origin = self.origin ?? now
        self.origin = origin
        let index = bucketIndex(of: now, origin: origin)
        let slot = Self.slot(of: index)
        if buckets[slot].index < index {
            buckets[slot] = Bucket(index: index, tally: .zero)
        } else if buckets[slot].index > index {
            return  // Older than the window: the slot already holds a bucket a full window newer.
        }
        update(&buckets[slot].tally)
    }

    /// The sum of the tallies inside the window at `now`.
    func total(now: Instant) -> Tally {
        guard let origin else { return .zero }
        let current = bucketIndex(of: now, origin: origin)
        let oldest = current < Int.min + Self.bucketCount ? Int.min : current - (Self.bucketCount - 1)
        var total = Tally.zero
        for bucket in buckets where bucket.index >= oldest {
            total += bucket.tally
        }
        return total
    }

    /// Forgets every recorded event.
    mutating func removeAll() {
        origin = nil
        for slot in buckets.indices {
            buckets[slot] = Bucket(index: .min, tally: .zero)
        }
    }

    private func bucketIndex(of now: Instant, origin: Instant) -> Int {
        let elapsed = origin.duration(to: now).attoseconds
        var index = elapsed / bucketWidth
        if elapsed % bucketWidth < 0 { index -= 1 }  // Floor, not truncation, for instants before the origin.
        return Int(clamping: index)
    }

    private static func slot(of index: Int) -> Int {
        let slot = index % bucketCount
        return slot < 0 ? slot + bucketCount : slot
    }
}
