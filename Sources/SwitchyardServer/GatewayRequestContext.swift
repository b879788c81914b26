import Hummingbird
import NIOCore
import SwitchyardCore

/// The request context of every Switchyard route: Hummingbird's core storage, the request id and the caller.
public struct GatewayRequestContext: RequestContext {
    /// Hummingbird's own per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The id returned in `x-switchyard-request-id`; set by ``RequestIDMiddleware``.
    public var requestID: String
    /// Who is calling; set by ``AuthenticationMiddleware`` on every model route, `nil` elsewhere.
    public var principal: Principal?
    /// The W3C trace id of the request's trace; set by ``RequestTracingMiddleware`` when tracing is on.
    public var traceID: String?
    /// Whether the request's span records (tracing on and the trace sampled); set by ``RequestTracingMiddleware``.
    /// Only then are the call's stage spans made.
    public var isTraced: Bool
    /// The event loop of the request's connection, where its timers (a stream's heartbeat) run.
    public let eventLoop: any EventLoop

    /// A context for a request that has just arrived.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = ""
        self.principal = nil
        self.traceID = nil
        self.isTraced = false
        self.eventLoop = source.channel.eventLoop
    }

    /// The authenticated caller.
    ///
    /// - Throws: an internal error when the route was registered without ``AuthenticationMiddleware``.
    func authenticatedPrincipal() throws -> Principal {
        guard let principal else {
            throw SwitchyardError(code: .internalError, message: "The route is not authenticated.", stage: .authentication)
        }
        return principal
    }
}
