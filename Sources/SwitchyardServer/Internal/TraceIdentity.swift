import Tracing

/// The W3C trace id of a context, whatever the tracer: the second field of the `traceparent` it would send.
enum TraceIdentity {
    /// The 32-hex-digit trace id; `nil` when the tracer propagates no W3C context (tracing off).
    static func traceID(of context: ServiceContext, tracer: any Tracer) -> String? {
        var traceparent: String?
        tracer.inject(context, into: &traceparent, using: TraceparentInjector())
        // version "-" trace-id "-" parent-id "-" flags: 2 + 1 + 32 + 1 + 16 + 1 + 2 characters.
        guard let traceparent, traceparent.utf8.count == 55 else { return nil }
        let utf8 = traceparent.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: 3)
        let end = utf8.index(start, offsetBy: 32)
        guard utf8[utf8.index(before: start)] == UInt8(ascii: "-"), utf8[end] == UInt8(ascii: "-") else { return nil }
        return String(traceparent[start..<end])
    }
}

/// Keeps the `traceparent` value a tracer injects and nothing else.
private struct TraceparentInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout String?) {
        if key.utf8.count == 11, key.lowercased() == "traceparent" {
            carrier = value
        }
    }
}
