import NIOCore
import Synchronization

/// The body of one response on a pooled connection, between the connection's event loop, which appends what arrives,
/// and the task that reads it.
///
/// Reading takes what is buffered without involving the event loop; the loop is asked for more only when the reader
/// has drained a buffer that had grown past ``highWatermark`` and made the connection stop reading its socket.
/// A reader that is cancelled, or drops the body before its end, abandons the exchange: the connection is closed,
/// which is how the upstream learns the request was given up.
final class UpstreamBodyBuffer: Sendable {
    /// Unread bytes past which the connection stops reading from its socket.
    static let highWatermark = 256 * 1024
    /// Unread bytes below which a connection that stopped reading starts again.
    static let lowWatermark = 64 * 1024

    private struct State {
        var chunks = CircularBuffer<[UInt8]>(initialCapacity: 4)
        var bufferedBytes = 0
        var reader: CheckedContinuation<[UInt8]?, any Error>?
        /// How the body ended, once it has: its last chunk arrived, or the exchange failed.
        var ending: Result<Void, any Error>?
        var readingPaused = false
        /// The reader was cancelled or dropped the body; nothing more is delivered.
        var readerGone = false
    }

    private let state = Mutex(State())
    private let onDemand: @Sendable (UpstreamBodyBuffer) -> Void
    private let onAbandon: @Sendable (UpstreamBodyBuffer) -> Void

    /// A buffer that calls `onDemand` when a reader has drained it after reading paused, and `onAbandon` once if
    /// its reader gives up before the body ended.
    init(
        onDemand: @escaping @Sendable (UpstreamBodyBuffer) -> Void,
        onAbandon: @escaping @Sendable (UpstreamBodyBuffer) -> Void
    ) {
        self.onDemand = onDemand
        self.onAbandon = onAbandon
    }

    // MARK: The connection's side

    /// Keeps `chunk` for the reader; a waiting reader gets it at the next ``deliver()`` or ``finish(_:)``.
    func append(_ chunk: [UInt8]) {
        state.withLock { state in
            guard state.ending == nil, !state.readerGone else { return }
            state.chunks.append(chunk)
            state.bufferedBytes += chunk.count
        }
    }

    /// Wakes a waiting reader with what was appended. The connection calls it once per read from the socket, so a
    /// read that brought several chunks wakes the reader once.
    func deliver() {
        wakeReader()
    }

    /// Ends the body: after what is buffered, the reader gets the end, or `result`'s error. Later calls do nothing.
    func finish(_ result: Result<Void, any Error>) {
        state.withLock { state in
            if state.ending == nil {
                state.ending = result
            }
        }
        wakeReader()
    }

    /// Whether the connection should stop reading its socket for now: true while more than ``highWatermark`` bytes
    /// wait unread. `onDemand` says when to read again.
    func pausesReading() -> Bool {
        state.withLock { state in
            guard state.bufferedBytes > Self.highWatermark, !state.readerGone else { return false }
            state.readingPaused = true
            return true
        }
    }

    // MARK: The reader's side

    /// The next chunk, or `nil` at the end of the body.
    ///
    /// - Throws: the error the exchange failed with, or `CancellationError` when the reading task is cancelled.
    func next() async throws -> [UInt8]? {
        if let ready = takeReady() {
            return try ready.get()
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLock { state -> Result<[UInt8]?, any Error>? in
                    if let ready = Self.takeReady(&state) { return ready }
                    if state.readerGone { return .failure(CancellationError()) }
                    state.reader = continuation
                    return nil
                }
                if let ready {
                    continuation.resume(with: ready)
                }
            }
        } onCancel: {
            giveUp(with: CancellationError())
        }
    }

    /// Gives the body up before its end: the connection is closed. Does nothing once the body has ended.
    func abandon() {
        giveUp(with: nil)
    }

    private func wakeReader() {
        let woken = state.withLock { state -> (CheckedContinuation<[UInt8]?, any Error>, Result<[UInt8]?, any Error>)? in
            guard let reader = state.reader, let ready = Self.takeReady(&state) else { return nil }
            state.reader = nil
            return (reader, ready)
        }
        if let (reader, ready) = woken {
            reader.resume(with: ready)
        }
    }

    private func giveUp(with error: (any Error)?) {
        let (reader, abandons) = state.withLock { state -> (CheckedContinuation<[UInt8]?, any Error>?, Bool) in
            guard !state.readerGone else { return (nil, false) }
            state.readerGone = true
            state.chunks.removeAll()
            state.bufferedBytes = 0
            defer { state.reader = nil }
            return (state.reader, state.ending == nil)
        }
        if let reader {
            reader.resume(throwing: error ?? CancellationError())
        }
        if abandons {
            onAbandon(self)
        }
    }

    private func takeReady() -> Result<[UInt8]?, any Error>? {
        let (ready, demands) = state.withLock { state -> (Result<[UInt8]?, any Error>?, Bool) in
            let ready = Self.takeReady(&state)
            guard state.readingPaused, state.bufferedBytes < Self.lowWatermark else { return (ready, false) }
            state.readingPaused = false
            return (ready, true)
        }
        if demands {
            onDemand(self)
        }
        return ready
    }

    /// The buffered chunk or the ending that is due, if any.
    private static func takeReady(_ state: inout State) -> Result<[UInt8]?, any Error>? {
        if let chunk = state.chunks.popFirst() {
            state.bufferedBytes -= chunk.count
            return .success(chunk)
        }
        if state.readerGone {
            return .failure(CancellationError())
        }
        return state.ending?.map { nil }
    }
}
