import SwitchyardCore

/// The text of the request log's JSON columns, written field by field: compact, keys in sorted order, an absent
/// optional field left out — the text `JSONEncoder` writes with `.sortedKeys` and `.withoutEscapingSlashes`, at a
/// fraction of its cost (encoding these columns through `JSONEncoder` was a quarter of a batch insert's time).
/// Reading them back goes through `JSONDecoder` (``RequestLogRecord/requestLogEntry()``).
enum RequestLogJSON {
    /// `["…","…"]`.
    static func strings(_ values: [String]) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        for (index, value) in values.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            JSONStringLiteral.append(value, to: &json)
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }

    /// `[{"duration_us":…,"message":…,"name":…,"refusal":…,"start_us":…},…]`.
    static func stages(_ stages: [RequestLogEntry.Stage]) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        for (index, stage) in stages.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            json += #"{"duration_us":\#(stage.durationMicroseconds)"#.utf8
            if let message = stage.message {
                json += #","message":"#.utf8
                JSONStringLiteral.append(message, to: &json)
            }
            json += #","name":"#.utf8
            JSONStringLiteral.append(stage.name, to: &json)
            if let refusal = stage.refusal {
                json += #","refusal":"#.utf8
                JSONStringLiteral.append(refusal, to: &json)
            }
            json += #","start_us":\#(stage.startMicroseconds)}"#.utf8
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }

    /// `[{"duration_us":…,"failure":…,"model":…,"provider":…,"sent":…,"start_us":…},…]`.
    static func attempts(_ attempts: [RequestLogEntry.Attempt]) -> String {
        var json: [UInt8] = [UInt8(ascii: "[")]
        for (index, attempt) in attempts.enumerated() {
            if index > 0 { json.append(UInt8(ascii: ",")) }
            json += #"{"duration_us":\#(attempt.durationMicroseconds)"#.utf8
            if let failure = attempt.failure {
                json += #","failure":"#.utf8
                JSONStringLiteral.append(failure, to: &json)
            }
            json += #","model":"#.utf8
            JSONStringLiteral.append(attempt.model, to: &json)
            json += #","provider":"#.utf8
            JSONStringLiteral.append(attempt.provider, to: &json)
            json += #","sent":\#(attempt.wasSent),"start_us":\#(attempt.startMicroseconds)}"#.utf8
        }
        json.append(UInt8(ascii: "]"))
        return String(decoding: json, as: UTF8.self)
    }
}
