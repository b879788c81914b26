import SwitchyardCore

/// Incremental `text/event-stream` parser: feed bytes as they arrive, get complete events back.
///
/// Follows the WHATWG rules: lines end in LF, CR or CRLF; a blank line dispatches; `data:` lines join with LF;
/// one leading space after the colon is dropped; lines starting with `:` are comments. An event with no data
/// lines is not dispatched.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var lastWasCarriageReturn = false
    private var eventType: String?
    private var dataLines: [String] = []
    private var hasData = false
    private var lastID: String?

    /// Creates a parser at the start of a stream.
    public init() {}

    /// Consumes a chunk of the stream and returns the events it completed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        let scanned: Void? = bytes.withContiguousStorageIfAvailable { scan($0, into: &events) }
        if scanned == nil {
            Array(bytes).withUnsafeBufferPointer { scan($0, into: &events) }
        }
        return events
    }

    /// Splits `buffer` into lines, a whole run of bytes at a time, and handles each complete line.
    private mutating func scan(_ buffer: UnsafeBufferPointer<UInt8>, into events: inout [ServerSentEvent]) {
        var lineStart = 0
        for index in buffer.indices {
            let byte = buffer[index]
            guard byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") else { continue }
            if byte == UInt8(ascii: "\n"), lastWasCarriageReturn, index == lineStart {
                // The LF of a CRLF: the CR already ended the line.
                lastWasCarriageReturn = false
                lineStart = index + 1
                continue
            }
            line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[lineStart..<index]))
            lineStart = index + 1
            lastWasCarriageReturn = byte == UInt8(ascii: "\r")
            endLine(into: &events)
        }
        if lineStart < buffer.count {
            line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[lineStart...]))
            lastWasCarriageReturn = false
        }
    }

    /// Ends the stream: an event left without its terminating blank line is dispatched, as most providers'
    /// SDKs do.
    public mutating func finish() -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        if !line.isEmpty { endLine(into: &events) }
        dispatch(into: &events)
        return events
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            dispatch(into: &events)
            return
        }
        if line.first == UInt8(ascii: ":") { return }
        let field: String
        var value: String
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = String(decoding: line[..<colon], as: UTF8.self)
            var valueStart = line.index(after: colon)
            if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
            value = String(decoding: line[valueStart...], as: UTF8.self)
        } else {
            field = String(decoding: line, as: UTF8.self)
            value = ""
        }
        switch field {
        case "event": eventType = value
        case "data":
            dataLines.append(value)
            hasData = true
        case "id": lastID = value
        default: break
        }
    }

    private mutating func dispatch(into events: inout [ServerSentEvent]) {
        defer {
            eventType = nil
            dataLines.removeAll(keepingCapacity: true)
            hasData = false
        }
        guard hasData else { return }
        let data = dataLines.count == 1 ? dataLines[0] : dataLines.joined(separator: "\n")
        events.append(ServerSentEvent(event: eventType, data: data, id: lastID))
    }
}
