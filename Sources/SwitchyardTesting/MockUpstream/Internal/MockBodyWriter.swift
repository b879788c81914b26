import Hummingbird
import NIOCore

/// Writes an answer chunk by chunk, striking the faults that are due after a number of chunks.
struct MockBodyWriter: Sendable {
    var chunks: [[UInt8]]
    var malformedChunk: [UInt8]
    var faults: MockUpstream.Faults
    var channel: any Channel

    /// Whether any fault acts while the body is written (else the body can go out in one piece).
    var hasFaults: Bool {
        if case .afterChunks = faults.disconnect { return true }
        return faults.stallAfterChunks != nil || faults.malformedAfterChunks != nil || faults.chunkDelay > .zero
    }

    var body: ResponseBody {
        ResponseBody { writer in
            try await write(&writer)
        }
    }

    /// A fault due after more chunks than there are strikes after the last one, before the body ends.
    private func write(_ writer: inout any ResponseBodyWriter) async throws {
        let count = chunks.count
        var resetPoint: Int?
        if case .afterChunks(let after) = faults.disconnect { resetPoint = min(after, count) }
        let stallPoint = faults.stallAfterChunks.map { min($0, count) }
        let malformedPoint = faults.malformedAfterChunks.map { min($0, count) }
        for index in 0...count {
            if index == malformedPoint { try await writer.write(ByteBuffer(bytes: malformedChunk)) }
            if index == resetPoint { throw await MockConnection.reset(channel) }
            if index == stallPoint { throw await MockConnection.stall(channel, timeout: faults.stallTimeout) }
            guard index < count else { break }
            if index > 0, faults.chunkDelay > .zero { try await Task.sleep(for: faults.chunkDelay) }
            try await writer.write(ByteBuffer(bytes: chunks[index]))
        }
        try await writer.finish(nil)
    }
}
