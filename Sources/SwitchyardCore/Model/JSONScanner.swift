/// A recursive descent over JSON text's bytes (RFC 8259): behind ``JSONValue/init(scanning:)``, which builds the
/// whole value, and the wire types' own readers, which pull the fields they know one by one and skip the rest
/// (``object(_:)``, ``nullableString()`` …) without building a dictionary per object.
///
/// Every reading stops at the first error. The readers throw ``JSONScanMismatch`` for text that is not JSON, or not
/// of the shape the reader expects; their callers then leave the text to `JSONDecoder`, whose error says what is
/// wrong.
package struct JSONScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var depth = 0
    private static let maximumDepth = 64

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Runs `read` with a scanner over `bytes`.
    package static func withScanner<Result>(
        over bytes: some Collection<UInt8>,
        _ read: (inout JSONScanner) throws -> Result
    ) rethrows -> Result {
        if let result = try bytes.withContiguousStorageIfAvailable({ buffer in
            var scanner = JSONScanner(buffer)
            return try read(&scanner)
        }) {
            return result
        }
        return try Array(bytes).withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            return try read(&scanner)
        }
    }

    /// The one value the text holds, with nothing but whitespace around it.
    package mutating func document() -> JSONValue? {
        guard let value = value() else { return nil }
        skipWhitespace()
        return position == bytes.count ? value : nil
    }

    private mutating func value() -> JSONValue? {
        skipWhitespace()
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    /// An object, read through the pulling ``object(_:)``, as a value; `nil` when a key repeats.
    private mutating func object() -> JSONValue? {
        var members: [String: JSONValue] = [:]
        let read = try? object { key, scanner in
            guard let member = scanner.value(), members.updateValue(member, forKey: key.string) == nil else {
                throw JSONScanMismatch()
            }
        }
        return read == true ? .object(members) : nil
    }

    /// An array, read through the pulling ``array(_:)``, as a value.
    private mutating func array() -> JSONValue? {
        var elements: [JSONValue] = []
        let read = try? array { scanner in
            guard let element = scanner.value() else { throw JSONScanMismatch() }
            elements.append(element)
        }
        return read == true ? .array(elements) : nil
    }

    /// A string, the opening quote at `position`.
    private mutating func string() -> String? {
        position += 1
        let start = position
        // The common case: no escapes, so the text is the bytes as they are.
        var seen: UInt8 = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                defer { position += 1 }
                let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
                // ASCII is valid UTF-8 as it is: `String(decoding:)` then takes it without the generic validation
                // that `String(validating:)` runs (and that shows in a profile of sequential calls).
                return seen < 0x80 ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            seen |= byte
            position += 1
        }
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: utf8, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    utf8.append(contentsOf: String(Character(scalar)).utf8)
                default: return nil
                }
            default:
                if byte < 0x20 { return nil }
                utf8.append(byte)
            }
        }
        return nil
    }

    /// The scalar of a `\u` escape (after the `u`), a surrogate pair's two escapes together; `nil` for a lone
    /// surrogate.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hexQuad() else { return nil }
        switch unit {
        case 0xD800...0xDBFF:
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                return nil
            }
            position += 2
            guard let low = hexQuad(), (0xDC00...0xDFFF).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
        case 0xDC00...0xDFFF:
            return nil
        default:
            return Unicode.Scalar(unit)
        }
    }

    private mutating func hexQuad() -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    private mutating func number() -> JSONValue? {
        let start = position
        _ = take(UInt8(ascii: "-"))
        if take(UInt8(ascii: "0")) {
            // No leading zeros.
        } else {
            guard digits() > 0 else { return nil }
        }
        var isWhole = true
        if take(UInt8(ascii: ".")) {
            guard digits() > 0 else { return nil }
            isWhole = false
        }
        if take(UInt8(ascii: "e")) || take(UInt8(ascii: "E")) {
            if !take(UInt8(ascii: "+")) { _ = take(UInt8(ascii: "-")) }
            guard digits() > 0 else { return nil }
            isWhole = false
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if isWhole, let whole = Int64(text) { return .int(whole) }
        guard let double = Double(text), double.isFinite else { return nil }
        return .double(double)
    }

    private mutating func digits() -> Int {
        let start = position
        while position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
            position += 1
        }
        return position - start
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) -> JSONValue? {
        take(word) ? value : nil
    }

    /// Takes `word` if the text goes on with it.
    private mutating func take(_ word: StaticString) -> Bool {
        let word = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard position + word.count <= bytes.count, bytes[position..<position + word.count].elementsEqual(word) else { return false }
        position += word.count
        return true
    }

    private mutating func enter() -> Bool {
        depth += 1
        return depth <= Self.maximumDepth
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }
}

/// The text is not JSON, or not of the shape its reader expects: the reader gives up, and its caller leaves the text
/// to `JSONDecoder`.
package struct JSONScanMismatch: Error {
    package init() {}
}

/// An object member's key, as the text spells it (escapes resolved).
package struct JSONKey {
    fileprivate let utf8: UnsafeBufferPointer<UInt8>

    /// The key as a string.
    package var string: String {
        String(decoding: utf8, as: UTF8.self)
    }

    /// Whether the key is `name`: `case "id":` in a `switch` over keys.
    package static func ~= (name: StaticString, key: JSONKey) -> Bool {
        // Lengths first: most cases of a `switch` differ in length from the key, and the generic `elementsEqual`
        // showed in profiles of streamed chunks.
        guard key.utf8.count == name.utf8CodeUnitCount else { return false }
        let expected = name.utf8Start
        for offset in 0..<key.utf8.count where key.utf8[offset] != expected[offset] {
            return false
        }
        return true
    }
}

extension JSONScanner {
    /// Reads an object, or `null` (then `false`): `member` is called with each key and the scanner at the member's
    /// value, which it must read or skip whole. Keys are not checked for repeats; a reader that cares keeps track.
    package mutating func object(_ member: (JSONKey, inout JSONScanner) throws -> Void) throws -> Bool {
        skipWhitespace()
        if take("null") { return false }
        guard position < bytes.count, bytes[position] == UInt8(ascii: "{"), enter() else { throw JSONScanMismatch() }
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        if take(UInt8(ascii: "}")) { return true }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw JSONScanMismatch() }
            if let plain = plainKey() {
                try memberValue(JSONKey(utf8: plain), member)
            } else {
                guard var name = string() else { throw JSONScanMismatch() }
                try name.withUTF8 { utf8 in try memberValue(JSONKey(utf8: utf8), member) }
            }
            skipWhitespace()
            if take(UInt8(ascii: "}")) { return true }
            guard take(UInt8(ascii: ",")) else { throw JSONScanMismatch() }
        }
    }

    /// Reads an array, or `null` (then `false`): `element` is called with the scanner at each element, which it
    /// must read or skip whole.
    package mutating func array(_ element: (inout JSONScanner) throws -> Void) throws -> Bool {
        skipWhitespace()
        if take("null") { return false }
        guard position < bytes.count, bytes[position] == UInt8(ascii: "["), enter() else { throw JSONScanMismatch() }
        defer { depth -= 1 }
        position += 1
        skipWhitespace()
        if take(UInt8(ascii: "]")) { return true }
        while true {
            try element(&self)
            skipWhitespace()
            if take(UInt8(ascii: "]")) { return true }
            guard take(UInt8(ascii: ",")) else { throw JSONScanMismatch() }
        }
    }

    /// A string, or `nil` for `null`.
    package mutating func nullableString() throws -> String? {
        skipWhitespace()
        if take("null") { return nil }
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\""), let text = string() else { throw JSONScanMismatch() }
        return text
    }

    /// An integer written without a fraction or exponent, or `nil` for `null`.
    package mutating func nullableInteger() throws -> Int? {
        skipWhitespace()
        if take("null") { return nil }
        guard case .int(let value)? = number() else { throw JSONScanMismatch() }
        return Int(value)
    }

    /// What ``stringOrOther()`` found.
    package enum StringOrOther {
        case string(String)
        case null
        /// Neither a string nor `null`: the scanner has not moved, so the value can be read as what it is.
        case other
    }

    /// A string or `null`, read; for anything else, nothing read (``StringOrOther/other``).
    package mutating func stringOrOther() throws -> StringOrOther {
        skipWhitespace()
        if take("null") { return .null }
        guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return .other }
        guard let text = string() else { throw JSONScanMismatch() }
        return .string(text)
    }

    /// `true` or `false`, or `nil` for `null`.
    package mutating func nullableBool() throws -> Bool? {
        skipWhitespace()
        if take("null") { return nil }
        if take("true") { return true }
        if take("false") { return false }
        throw JSONScanMismatch()
    }

    /// A number, or `nil` for `null`; an integer only when a `Double` holds it exactly.
    package mutating func nullableDouble() throws -> Double? {
        skipWhitespace()
        if take("null") { return nil }
        switch number() {
        case .double(let double)?: return double
        case .int(let int)?:
            guard let double = Double(exactly: int) else { throw JSONScanMismatch() }
            return double
        default: throw JSONScanMismatch()
        }
    }

    /// A value of any kind, built whole (as ``JSONValue/init(scanning:)`` builds it), or `nil` for `null`.
    package mutating func nullableValue() throws -> JSONValue? {
        guard let value = value() else { throw JSONScanMismatch() }
        return value == .null ? nil : value
    }

    /// Skips a value of any kind, checking that it is valid JSON.
    package mutating func skipValue() throws {
        skipWhitespace()
        guard position < bytes.count else { throw JSONScanMismatch() }
        switch bytes[position] {
        case UInt8(ascii: "{"): _ = try object { _, scanner in try scanner.skipValue() }
        case UInt8(ascii: "["): _ = try array { scanner in try scanner.skipValue() }
        case UInt8(ascii: "\""): _ = try nullableString()
        case UInt8(ascii: "t"): guard take("true") else { throw JSONScanMismatch() }
        case UInt8(ascii: "f"): guard take("false") else { throw JSONScanMismatch() }
        case UInt8(ascii: "n"): guard take("null") else { throw JSONScanMismatch() }
        default: guard number() != nil else { throw JSONScanMismatch() }
        }
    }

    /// Checks that nothing but whitespace follows.
    package mutating func end() throws {
        skipWhitespace()
        guard position == bytes.count else { throw JSONScanMismatch() }
    }

    /// The bytes of a key with no escapes and only ASCII in it, the scanner past its closing quote; `nil` (the
    /// scanner unmoved) for any other key.
    private mutating func plainKey() -> UnsafeBufferPointer<UInt8>? {
        let start = position + 1
        var end = start
        while end < bytes.count {
            switch bytes[end] {
            case UInt8(ascii: "\""):
                position = end + 1
                return UnsafeBufferPointer(rebasing: bytes[start..<end])
            case UInt8(ascii: "\\"), 0..<0x20, 0x80...:
                return nil
            default:
                end += 1
            }
        }
        return nil
    }

    private mutating func memberValue(_ key: JSONKey, _ member: (JSONKey, inout JSONScanner) throws -> Void) throws {
        skipWhitespace()
        guard take(UInt8(ascii: ":")) else { throw JSONScanMismatch() }
        try member(key, &self)
    }
}
