import SwitchyardCore

/// The text of the request log's JSON columns, written field by field: compact, keys in sorted order, an absent
/// optional field left out — the text `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes`, at a
/// fraction of its cost (encoding these columns through `JSONEncoder` was a quarter of a batch insert's time).
/// Reading them back goes through `JSONDecoder` (``RequestLogRecord/requestLogEntry()``).
enum RequestLogJSON {
    /// `["…","…"]`.
    static func strings(_ values: [String]) -> String {
        var text = "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            append(value, to: &text)
        }
        return text + "]"
    }

    /// `[{"duration_us":…,"message":…,"name":…,"refusal":…,"start_us":…},…]`.
    static func stages(_ stages: [RequestLogEntry.Stage]) -> String {
        var text = "["
        for (index, stage) in stages.enumerated() {
            if index > 0 { text += "," }
            text += "{\"duration_us\":\(stage.durationMicroseconds)"
            if let message = stage.message {
                text += ",\"message\":"
                append(message, to: &text)
            }
            text += ",\"name\":"
            append(stage.name, to: &text)
            if let refusal = stage.refusal {
                text += ",\"refusal\":"
                append(refusal, to: &text)
            }
            text += ",\"start_us\":\(stage.startMicroseconds)}"
        }
        return text + "]"
    }

    /// `[{"duration_us":…,"failure":…,"model":…,"provider":…,"sent":…,"start_us":…},…]`.
    static func attempts(_ attempts: [RequestLogEntry.Attempt]) -> String {
        var text = "["
        for (index, attempt) in attempts.enumerated() {
            if index > 0 { text += "," }
            text += "{\"duration_us\":\(attempt.durationMicroseconds)"
            if let failure = attempt.failure {
                text += ",\"failure\":"
                append(failure, to: &text)
            }
            text += ",\"model\":"
            append(attempt.model, to: &text)
            text += ",\"provider\":"
            append(attempt.provider, to: &text)
            text += ",\"sent\":\(attempt.wasSent),\"start_us\":\(attempt.startMicroseconds)}"
        }
        return text + "]"
    }

    /// Appends `value` as a JSON string: quotes, backslashes and control characters escaped, everything else as is.
    private static func append(_ value: String, to text: inout String) {
        text += "\""
        var plainStart = value.utf8.startIndex
        for index in value.utf8.indices {
            let byte = value.utf8[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            text += value[plainStart..<index]
            switch byte {
            case UInt8(ascii: "\""): text += "\\\""
            case UInt8(ascii: "\\"): text += "\\\\"
            case 0x08: text += "\\b"
            case 0x0C: text += "\\f"
            case UInt8(ascii: "\n"): text += "\\n"
            case UInt8(ascii: "\r"): text += "\\r"
            case UInt8(ascii: "\t"): text += "\\t"
            default:
                let hex = String(byte, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            plainStart = value.utf8.index(after: index)
        }
        text += value[plainStart...]
        text += "\""
    }
}
