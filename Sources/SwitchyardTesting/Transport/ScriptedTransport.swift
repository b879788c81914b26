import Synchronization
import SwitchyardCore
import SwitchyardEngine

/// An ``UpstreamTransport`` that answers from a script instead of the network, and records what was sent.
///
/// For engine tests that need exact control of what each upstream answers, without sockets.
public final class ScriptedTransport: UpstreamTransport {
    /// Produces the response for one request.
    public typealias Script = @Sendable (UpstreamHTTPRequest) async throws -> UpstreamHTTPResponse

    private let script: Script
    private let sent = Mutex<[UpstreamHTTPRequest]>([])

    /// Answers every request with `script`.
    public init(_ script: @escaping Script) {
        self.script = script
    }

    /// Records `request` and answers with the script; `timeout` is ignored.
    ///
    /// - Throws: What the script throws.
    public func send(_ request: UpstreamHTTPRequest, timeouts: TransportTimeouts) async throws -> UpstreamHTTPResponse {
        sent.withLock { $0.append(request) }
        return try await script(request)
    }

    /// Every request sent so far, in order.
    public var requests: [UpstreamHTTPRequest] {
        sent.withLock { $0 }
    }
}

extension UpstreamHTTPResponse {
    /// A response with a JSON body delivered in one chunk.
    public static func json(status: Int = 200, _ body: String, headers: [(name: String, value: String)] = []) -> UpstreamHTTPResponse {
        UpstreamHTTPResponse(
            status: status,
            headers: [(name: "content-type", value: "application/json")] + headers,
            body: chunks([Array(body.utf8)])
        )
    }

    /// A `text/event-stream` response delivering each of `chunks` separately.
    public static func eventStream(_ chunks: [String]) -> UpstreamHTTPResponse {
        UpstreamHTTPResponse(
            status: 200,
            headers: [(name: "content-type", value: "text/event-stream")],
            body: Self.chunks(chunks.map { Array($0.utf8) })
        )
    }

    private static func chunks(_ parts: [[UInt8]]) -> UpstreamBody {
        UpstreamBody { continuation in
            for part in parts { continuation.yield(part) }
            continuation.finish()
        }
    }
}
