/// A prompt-cache breakpoint, as Anthropic's `cache_control` expresses it.
///
/// Carried through to providers that support explicit breakpoints; ignored by those that cache implicitly.
public struct CacheControl: Sendable, Hashable {
    /// How long the cached prefix should live.
    public enum TimeToLive: String, Sendable, Hashable {
        /// Five minutes (`5m`), the default.
        case fiveMinutes = "5m"
        /// One hour (`1h`).
        case oneHour = "1h"
    }

    /// The requested lifetime; `nil` means the provider default (five minutes on Anthropic).
    public var ttl: TimeToLive?

    /// Creates a breakpoint with the given lifetime, or the provider default.
    public init(ttl: TimeToLive? = nil) {
        self.ttl = ttl
    }
}
