import SwitchyardCore

extension JSONValue {
    /// Writes the value as compact JSON, an object's members in the dictionary's order — the text its
    /// `encode(to:)` writes through ``DirectJSONEncoder``; `false` (the text then unfinished) when it holds a number
    /// that is not finite, which JSON cannot hold.
    func write(to bytes: inout [UInt8]) -> Bool {
        switch self {
        case .null: bytes += "null".utf8
        case .bool(let bool): bytes += (bool ? "true" : "false").utf8
        case .int(let int): bytes += String(int).utf8
        case .double(let double): return JSONNumber.append(double, to: &bytes)
        case .string(let string): JSONStringLiteral.append(string, to: &bytes)
        case .array(let elements):
            return JSONArray.write(elements, to: &bytes) { element, bytes in element.write(to: &bytes) }
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            var isFirst = true
            for (key, member) in members {
                if !isFirst { bytes.append(UInt8(ascii: ",")) }
                isFirst = false
                JSONStringLiteral.append(key, to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                guard member.write(to: &bytes) else { return false }
            }
            bytes.append(UInt8(ascii: "}"))
        }
        return true
    }
}

/// Floating-point numbers as `JSONEncoder` writes them.
enum JSONNumber {
    /// Appends `value` — its `description`, whole numbers without the trailing `.0` (`1e+20` and the like are
    /// JSON as they are); `false` when it is not finite, which JSON cannot hold.
    static func append<Number: BinaryFloatingPoint & CustomStringConvertible>(_ value: Number, to bytes: inout [UInt8]) -> Bool {
        guard value.isFinite else { return false }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes += text.utf8
        return true
    }
}
