import Foundation

/// For live tests of per-minute rate limits, which run on the real clock: a test whose calls straddle the start of
/// a minute sees its counter start over, and expects a refusal that does not come.
enum MinuteBoundary {
    /// Returns at once when the next minute is more than five seconds away; otherwise once it has begun. Each test
    /// that calls it takes well under five seconds.
    static func waitUntilFarFromIt() async throws {
        let second = Calendar(identifier: .gregorian).component(.second, from: Date())
        if second >= 55 {
            try await Task.sleep(for: .seconds(61 - second))
        }
    }
}
