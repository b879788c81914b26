import SwitchyardCore

/// The members of one JSON object being written: the comma before each but the first. Keys are written as given, so
/// they must need no escaping.
struct JSONMembers {
    private var isFirst = true

    /// Writes the object's `{`.
    init(opening bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
    }

    /// Starts the member `name`: the comma if one is due, the key and the colon.
    mutating func key(_ name: StaticString, in bytes: inout [UInt8]) {
        if !isFirst { bytes.append(UInt8(ascii: ",")) }
        isFirst = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes += "\":".utf8
    }

    /// The member, left out when `value` is `nil` (`encodeIfPresent`).
    mutating func omittingNil(_ name: StaticString, _ value: String?, in bytes: inout [UInt8]) {
        guard let value else { return }
        key(name, in: &bytes)
        JSONStringLiteral.append(value, to: &bytes)
    }

    /// The member, left out when `value` is `nil` (`encodeIfPresent`).
    mutating func omittingNil(_ name: StaticString, _ value: Int?, in bytes: inout [UInt8]) {
        guard let value else { return }
        key(name, in: &bytes)
        bytes += String(value).utf8
    }

    /// The member, `null` when `value` is `nil` (`encode` of an optional).
    mutating func writingNull(_ name: StaticString, _ value: String?, in bytes: inout [UInt8]) {
        key(name, in: &bytes)
        if let value { JSONStringLiteral.append(value, to: &bytes) } else { bytes += "null".utf8 }
    }

    /// The member, `null` when `value` is `nil` (`encode` of an optional).
    mutating func writingNull(_ name: StaticString, _ value: Int?, in bytes: inout [UInt8]) {
        key(name, in: &bytes)
        if let value { bytes += String(value).utf8 } else { bytes += "null".utf8 }
    }

    /// The member, left out when `value` is `nil` (`encodeIfPresent`).
    mutating func omittingNil(_ name: StaticString, _ value: Bool?, in bytes: inout [UInt8]) {
        guard let value else { return }
        key(name, in: &bytes)
        bytes += (value ? "true" : "false").utf8
    }

    /// The member, left out when `value` is `nil` (`encodeIfPresent`); `false` when `value` is not finite, which
    /// JSON cannot hold.
    mutating func omittingNil(_ name: StaticString, _ value: Double?, in bytes: inout [UInt8]) -> Bool {
        guard let value else { return true }
        key(name, in: &bytes)
        return JSONNumber.append(value, to: &bytes)
    }

    /// The member, an array of strings, left out when `values` is `nil` (`encodeIfPresent`).
    mutating func omittingNil(_ name: StaticString, _ values: [String]?, in bytes: inout [UInt8]) {
        guard let values else { return }
        key(name, in: &bytes)
        _ = JSONArray.write(values, to: &bytes) { value, bytes in
            JSONStringLiteral.append(value, to: &bytes)
            return true
        }
    }

    /// The member, a JSON value; `false` when it holds a number that is not finite.
    mutating func value(_ name: StaticString, _ value: JSONValue, in bytes: inout [UInt8]) -> Bool {
        key(name, in: &bytes)
        return value.write(to: &bytes)
    }
}
