import Tracing

/// The W3C trace id of a context, whatever the tracer: the second field of the `traceparent` it would send.
enum TraceIdentity {
    /// The 32-hex-digit trace id; `nil` when the tracer propagates no W3C context (tracing off).
    static func traceID(of context: ServiceContext, tracer: any Tracer) -> String? {
        var carrier: [String: String] = [:]
        tracer.inject(context, into: &carrier, using: DictionaryInjector())
        guard let parent = carrier["traceparent"] else { return nil }
        let fields = parent.split(separator: "-")
        guard fields.count == 4, fields[1].count == 32 else { return nil }
        return String(fields[1])
    }
}

private struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) {
        carrier[key.lowercased()] = value
    }
}
