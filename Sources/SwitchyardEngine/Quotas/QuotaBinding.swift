import Foundation
import SwitchyardCore

/// One quota as it applies to one call: the counter it draws on and how to name it to the caller.
struct QuotaBinding: Sendable, Hashable {
    /// The quota.
    var quota: Quota
    /// Its counter for this principal and this window.
    var counter: QuotaCounterID
    /// The scope as the caller reads it, such as `key:ci-bot/day`.
    var scopeLabel: String
    /// When the window ends; `nil` for a `total` window.
    var windowEnd: Date?

    /// The bindings of `quotas` for a call by `principal` at `now`, in `windows`, skipping quotas whose scope the
    /// call is outside (another key, no session header) and deployment quotas, which the router applies.
    static func bindings(of quotas: [Quota], for principal: Principal, now: Date, windows: QuotaWindowBounds) -> [QuotaBinding] {
        quotas.compactMap { quota in
            let scope = quota.scope
            guard scope.kind != .deployment, let identity = principal.identity(for: scope.kind) else { return nil }
            // A key scope names the key by id or by name (names are unique among keys in use).
            if let value = scope.value, value != identity, !(scope.kind == .key && value == principal.keyName) { return nil }
            let window = windows.interval(quota.window, containing: now)
            let name = scope.value == nil && scope.kind != .global ? "\(quota.id)@\(scope.kind.rawValue):\(identity)" : quota.id
            let counter = QuotaCounterID(name: name, windowStart: window.map { Self.milliseconds($0.start) } ?? 0)
            let shownIdentity = scope.kind == .key ? (principal.keyName ?? identity) : identity
            let scopeText = scope.kind == .global ? "global" : "\(scope.kind.rawValue):\(shownIdentity)"
            return QuotaBinding(
                quota: quota,
                counter: counter,
                scopeLabel: "\(scopeText)/\(quota.window.rawValue)",
                windowEnd: window?.end
            )
        }
    }

    /// The bindings of the `deployment:` quotas among `quotas` for the deployment `deploymentID`
    /// (`provider/model`) at `now`, in `windows`: the limits an upstream imposes, shared by every caller.
    static func bindings(of quotas: [Quota], forDeployment deploymentID: String, now: Date, windows: QuotaWindowBounds) -> [QuotaBinding] {
        quotas.compactMap { quota in
            guard quota.scope.kind == .deployment, quota.scope.value == nil || quota.scope.value == deploymentID else { return nil }
            let window = windows.interval(quota.window, containing: now)
            let name = quota.scope.value == nil ? "\(quota.id)@deployment:\(deploymentID)" : quota.id
            return QuotaBinding(
                quota: quota,
                counter: QuotaCounterID(name: name, windowStart: window.map { Self.milliseconds($0.start) } ?? 0),
                scopeLabel: "deployment:\(deploymentID)/\(quota.window.rawValue)",
                windowEnd: window?.end
            )
        }
    }

    /// A window's start as its counter names it: milliseconds since 1970.
    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }
}
