import Hummingbird

/// The request context of every Switchyard route: Hummingbird's core storage plus the request id.
public struct GatewayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The id returned in `x-switchyard-request-id`; set by ``RequestIDMiddleware``.
    public var requestID: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestID = ""
    }
}
