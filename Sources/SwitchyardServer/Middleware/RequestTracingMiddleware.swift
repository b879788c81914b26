import HTTPTypes
import Hummingbird
import SwitchyardCore
import SwitchyardEngine
import Tracing

/// Opens the root span of every request — continuing the caller's trace when it sent a W3C `traceparent` — and
/// puts the trace id in the request's logger metadata (`trace_id`) and context, so log lines, the request log
/// and the trace meet on one id. The span ends when the response body has been written — a body of one buffer
/// (a whole answer, an error) as it is handed to the connection, to be written with the head in one write; a
/// stream once its last byte is written. The tracer's work of ending it is done on the background executor, after
/// the work queued there before it (the call's stage spans).
public struct RequestTracingMiddleware: RouterMiddleware {
    public typealias Context = GatewayRequestContext

    private let tracer: any Tracer
    private let background: BackgroundExecutor

    /// A middleware tracing with `tracer`, ending spans on `background`.
    public init(tracer: any Tracer, background: BackgroundExecutor = .shared) {
        self.tracer = tracer
        self.background = background
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let (span, context) = startSpan(for: request, context: context)
        do {
            let response = try await ServiceContext.$current.withValue(span.context) {
                try await next(request, context)
            }
            return finish(span, with: response, context: context)
        } catch {
            Self.fail(span, with: error)
            throw error
        }
    }

    /// The request's server span, continuing the client's trace if it sent one, and `context` naming the trace.
    /// This and the other steps are kept out of ``handle(_:context:next:)``, whose frame is alive for the whole
    /// request.
    @inline(never)
    private func startSpan(for request: Request, context: Context) -> (any Span, Context) {
        var serviceContext = ServiceContext.current ?? .topLevel
        tracer.extract(request.headers, into: &serviceContext, using: RequestHeaderExtractor())
        let span = tracer.startSpan("\(request.method.rawValue) \(request.uri.path)", context: serviceContext, ofKind: .server)
        span.updateAttributes { attributes in
            attributes["http.request.method"] = request.method.rawValue
            attributes["url.path"] = request.uri.path
            attributes["switchyard.request_id"] = context.requestID
        }
        var context = context
        context.isTraced = span.isRecording
        if let traceID = TraceIdentity.traceID(of: span.context, tracer: tracer) {
            context.traceID = traceID
            context.logger[metadataKey: "trace_id"] = .string(traceID)
        }
        return (span, context)
    }

    /// `response`, its status on `span`, which ends once the body has been written (a body of one buffer: as it is
    /// handed over). A span that records nothing (tracing off, or the trace not sampled) ends at once, and the body
    /// is left as it is: no work for the background executor.
    @inline(never)
    private func finish(_ span: any Span, with response: Response, context: Context) -> Response {
        guard span.isRecording else {
            span.end()
            return response
        }
        var response = response
        span.attributes["http.response.status_code"] = Int(response.status.code)
        if let principal = context.principal {
            span.attributes["switchyard.key"] = principal.keyName
            span.attributes["switchyard.tenant"] = principal.tenant
        }
        if response.status.code >= 500 {
            span.setStatus(SpanStatus(code: .error))
        }
        if response.body.isStreamed {
            response.body = response.body.endingSpan(span, on: background)
        } else {
            let end = DefaultTracerClock.now
            background.execute { span.end(at: end) }
        }
        return response
    }

    @inline(never)
    private static func fail(_ span: any Span, with error: any Error) {
        span.recordError(error)
        span.setStatus(SpanStatus(code: .error))
        span.end()
    }
}

extension ResponseBody {
    /// The same body, ending `span` on `background` at the instant it has been written (or its writing failed).
    fileprivate func endingSpan(_ span: any Span, on background: BackgroundExecutor) -> ResponseBody {
        let body = self
        return ResponseBody(contentLength: contentLength) { writer in
            do {
                try await body.write(writer)
                let end = DefaultTracerClock.now
                background.execute { span.end(at: end) }
            } catch {
                let end = DefaultTracerClock.now
                background.execute {
                    span.recordError(error)
                    span.end(at: end)
                }
                throw error
            }
        }
    }
}

/// Reads trace-context headers from an inbound request.
private struct RequestHeaderExtractor: Extractor {
    func extract(key: String, from carrier: HTTPFields) -> String? {
        HTTPField.Name(key).flatMap { carrier[$0] }
    }
}
