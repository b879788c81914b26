import SwitchyardCore

/// Whether the gateway may run with no virtual keys: only where nobody but this machine can reach it.
public enum OpenAccessPolicy {
    /// What serving on `server`'s address means when `issuedKeyCount` keys were ever issued (revoked and expired
    /// ones included: revoking the last key must not reopen the gateway).
    public enum Decision: Sendable, Hashable {
        /// Keys were issued: every request must present a valid one.
        case keysRequired
        /// No keys and a loopback address: serve everyone on this machine, with a warning.
        case openOnLoopback
    }

    /// Decides, or refuses to start.
    ///
    /// - Throws: ``SwitchyardError`` (`permissionDenied`) when no key exists and the address is not loopback.
    public static func decide(issuedKeyCount: Int, server: SwitchyardConfiguration.Server) throws -> Decision {
        if issuedKeyCount > 0 { return .keysRequired }
        guard server.bindsLoopbackOnly else {
            throw SwitchyardError(
                code: .permissionDenied,
                message: "Refusing to listen on \(server.host) with no API keys: anyone who can reach it could spend your "
                    + "provider credit. Create a key first with `switchyard keys create --name NAME`, or bind 127.0.0.1.",
                stage: .authentication
            )
        }
        return .openOnLoopback
    }
}
