import Hummingbird

extension ResponseBody {
    /// Whether the body is written over time after the handler has returned — a stream, whose length is not known
    /// ahead — rather than as one buffer.
    ///
    /// Every body of known length this server makes is one buffer (`ResponseBody(byteBuffer:)`: whole answers,
    /// errors, admin JSON), which Hummingbird writes together with the response's head and end in one batched write
    /// as soon as the handler returns. Wrapping such a body in a closure to learn when it has been written would
    /// split that into three writes, each flushed to the socket on its own.
    var isStreamed: Bool {
        contentLength == nil
    }
}
