import Hummingbird

/// Gives every request an id, puts it in the logger's metadata and returns it in `x-switchyard-request-id`.
public struct RequestIDMiddleware: RouterMiddleware {
    public typealias Context = GatewayRequestContext

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let context = Self.identified(context)
        return Self.stamped(try await next(request, context), requestID: context.requestID)
    }

    /// `context` with a new request id, which its logger puts on every line.
    @inline(never)
    private static func identified(_ context: Context) -> Context {
        var context = context
        context.requestID = makeID()
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        return context
    }

    @inline(never)
    private static func stamped(_ response: Response, requestID: String) -> Response {
        var response = response
        response.headers[.switchyardRequestID] = requestID
        return response
    }

    /// `req_` and 24 random hex digits.
    static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = (generator.next() as UInt64, generator.next() as UInt32)
        return "req_" + String(value.0, radix: 16).leftPadded(16) + String(value.1, radix: 16).leftPadded(8)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
