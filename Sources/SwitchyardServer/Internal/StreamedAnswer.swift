import Logging
import NIOCore
import SwitchyardCore
import SwitchyardEngine

/// A streamed answer's state while it is written: the client API's encoder, the payload kept for the request log,
/// and the report of how it ended.
///
/// `@unchecked Sendable`: only the task writing the answer uses it, one call at a time.
final class StreamedAnswer<Encoder: InboundStreamEncoder>: @unchecked Sendable {
    /// The most bytes of a streamed answer kept for the request log before its capture cap is applied.
    static var captureLimit: Int { 1 << 20 }

    private var encoder: Encoder
    private var finished: RequestReporter.Finished
    private var captured: [UInt8]?
    private let requestID: String
    private let logger: Logger

    init(encoder: Encoder, finished: RequestReporter.Finished, capturing: Bool, requestID: String, logger: Logger) {
        self.encoder = encoder
        self.finished = finished
        self.captured = capturing ? [] : nil
        self.requestID = requestID
        self.logger = logger
    }

    /// The bytes of `events`, in the client's format; `nil` when they make none.
    @inline(never)
    func encode(_ events: [StreamEvent]) -> ByteBuffer? {
        var bytes: [UInt8] = []
        for event in events {
            bytes += encoder.encode(event)
        }
        guard !bytes.isEmpty else { return nil }
        if captured != nil, captured!.count < Self.captureLimit {
            captured!.append(contentsOf: bytes.prefix(Self.captureLimit - captured!.count))
        }
        return ByteBuffer(bytes: bytes)
    }

    /// The last bytes of an answer that ended as `ending`: an error event in the client's format if it failed.
    @inline(never)
    func end(_ ending: DisconnectAwarePump.Ending) -> ByteBuffer? {
        guard case .failed(let error) = ending else { return nil }
        let failure = SwitchyardError(wrapping: error)
        logger.warning("Stream failed after it began", metadata: ["error": "\(failure)"])
        finished.outcome = failure.code.label
        finished.errorMessage = failure.message
        return ByteBuffer(bytes: encoder.encodeError(failure, requestID: requestID))
    }

    /// Reports the answer to `reporter`, `elapsed` after the call began.
    @inline(never)
    func report(to reporter: RequestReporter, record: CallRecord, elapsed: Duration) {
        var report = finished
        report.elapsed = elapsed
        report.responseBody = captured
        reporter.report(report, record: record)
    }
}
