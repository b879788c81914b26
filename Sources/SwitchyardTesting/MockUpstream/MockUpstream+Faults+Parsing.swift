import Foundation

extension MockUpstream.Faults {
    /// The name of the request header that carries one request's faults.
    public static let headerName = "x-mock-fault"

    /// Reads a fault specification such as `status=429;retry-after=2;fail-first=1`.
    ///
    /// Items are separated by `;` or `,`; whitespace around them is ignored. Items: `status=N`,
    /// `retry-after=S` (seconds, decimals allowed), `retry-after-ms=N`, `fail-first=N`, `latency-ms=N`,
    /// `chunk-delay-ms=N`, `reset`, `reset-after=N`, `stall-after=N`, `stall-ms=N`, `malformed-after=N`.
    /// An empty specification means no fault.
    ///
    /// - Throws: ``MockUpstream/FaultSpecificationError`` naming the item it could not read.
    public init(parsing specification: String) throws(MockUpstream.FaultSpecificationError) {
        self.init()
        let items = specification.split(whereSeparator: { $0 == ";" || $0 == "," })
        for rawItem in items {
            let item = rawItem.trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let name = parts[0].lowercased()
            let value = parts.count == 2 ? parts[1] : nil
            func count() throws(MockUpstream.FaultSpecificationError) -> Int {
                guard let value, let number = Int(value), number >= 0 else {
                    throw MockUpstream.FaultSpecificationError(item: item, reason: "expected a non-negative integer")
                }
                return number
            }
            switch name {
            case "status":
                let status = try count()
                guard (400...599).contains(status) else {
                    throw MockUpstream.FaultSpecificationError(item: item, reason: "expected an error status 400–599")
                }
                self.status = status
            case "retry-after":
                guard let value, let seconds = Double(value), seconds >= 0, seconds.isFinite else {
                    throw MockUpstream.FaultSpecificationError(item: item, reason: "expected seconds")
                }
                retryAfter = .milliseconds(Int64((seconds * 1000).rounded()))
            case "retry-after-ms": retryAfter = .milliseconds(try count())
            case "fail-first": failFirst = try count()
            case "latency-ms": latency = .milliseconds(try count())
            case "chunk-delay-ms": chunkDelay = .milliseconds(try count())
            case "reset":
                guard value == nil else {
                    throw MockUpstream.FaultSpecificationError(item: item, reason: "`reset` takes no value; use `reset-after=N`")
                }
                disconnect = .beforeResponse
            case "reset-after": disconnect = .afterChunks(try count())
            case "stall-after": stallAfterChunks = try count()
            case "stall-ms": stallTimeout = .milliseconds(try count())
            case "malformed-after": malformedAfterChunks = try count()
            default:
                throw MockUpstream.FaultSpecificationError(item: item, reason: "unknown fault")
            }
        }
    }

    /// These faults written as ``init(parsing:)`` reads them, for an `x-mock-fault` header or a CLI flag.
    public var specification: String {
        var items: [String] = []
        if let status { items.append("status=\(status)") }
        if let retryAfter { items.append("retry-after-ms=\(Self.milliseconds(retryAfter))") }
        if let failFirst { items.append("fail-first=\(failFirst)") }
        if latency > .zero { items.append("latency-ms=\(Self.milliseconds(latency))") }
        if chunkDelay > .zero { items.append("chunk-delay-ms=\(Self.milliseconds(chunkDelay))") }
        switch disconnect {
        case .beforeResponse: items.append("reset")
        case .afterChunks(let count): items.append("reset-after=\(count)")
        case nil: break
        }
        if let stallAfterChunks { items.append("stall-after=\(stallAfterChunks)") }
        if stallTimeout != MockUpstream.Faults().stallTimeout {
            items.append("stall-ms=\(Self.milliseconds(stallTimeout))")
        }
        if let malformedAfterChunks { items.append("malformed-after=\(malformedAfterChunks)") }
        return items.joined(separator: ";")
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
