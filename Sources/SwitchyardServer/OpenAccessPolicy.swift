import SwitchyardCore

/// Whether the gateway may run with no virtual keys: only where nobody but this machine can reach it.
public enum OpenAccessPolicy {
    /// What serving with `activeKeyCount` keys on `server`'s address means.
    public enum Decision: Sendable, Hashable {
        /// Keys exist: every request must present one.
        case keysRequired
        /// No keys and a loopback address: serve everyone on this machine, with a warning.
        case openOnLoopback
    }

    /// Decides, or refuses to start.
    ///
    /// - Throws: ``SwitchyardError`` (`permissionDenied`) when no key exists and the address is not loopback.
    public static func decide(activeKeyCount: Int, server: SwitchyardConfiguration.Server) throws -> Decision {
        if activeKeyCount > 0 { return .keysRequired }
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
