import SwitchyardCore
import Foundation

extension Gemini.Status {
    /// Reads `{"error": {…}}`, or the `[{"error": {…}}]` array form some Google front ends send.
    static func decodeEnvelope(_ body: [UInt8]) -> Gemini.Status? {
        let decoder = JSONDecoder()
        if let envelope = try? decoder.decode(Gemini.ErrorResponse.self, from: Data(body)) {
            return envelope.error
        }
        if let envelopes = try? decoder.decode([Gemini.ErrorResponse].self, from: Data(body)) {
            return envelopes.first?.error
        }
        return nil
    }

    /// The gateway's error for this status.
    ///
    /// The canonical status name (`RESOURCE_EXHAUSTED`, …) becomes ``SwitchyardError/upstreamType``; the wait
    /// is the `Retry-After` header's, else the `google.rpc.RetryInfo` detail's `retryDelay`. A 400 saying the
    /// input token count exceeds the model's limit becomes ``SwitchyardError/Code/contextWindowExceeded``.
    ///
    /// - Parameters:
    ///   - httpStatus: the HTTP status of the response (or `code` for an error inside a stream).
    ///   - retryAfter: the wait the response headers asked for, if any.
    public func switchyardError(httpStatus: Int, retryAfter: Duration?) -> SwitchyardError {
        let text = message.flatMap { $0.isEmpty ? nil : $0 } ?? "Gemini answered HTTP \(httpStatus)."
        if httpStatus == 400, Self.isContextOverflow(text) {
            return SwitchyardError(
                code: .contextWindowExceeded,
                message: text,
                stage: .provider,
                upstreamStatus: httpStatus,
                upstreamType: status
            )
        }
        return .upstream(status: httpStatus, message: text, type: status, retryAfter: retryAfter ?? retryDelay)
    }

    /// Whether a message is Gemini's "The input token count (N) exceeds the maximum number of tokens
    /// allowed (M)."
    private static func isContextOverflow(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return lowered.contains("exceeds the maximum number of tokens")
            || (lowered.contains("token count") && lowered.contains("exceeds"))
    }
}
