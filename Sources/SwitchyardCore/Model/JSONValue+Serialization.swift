import Foundation

extension JSONValue {
    /// Parses JSON text; throws when it is not valid JSON.
    public init(parsing text: some StringProtocol) throws {
        self = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// The length in bytes of ``compactJSONString``, counted without writing the text — for size estimates, which
    /// need no more (writing it took a `JSONEncoder` per tool schema and tool call of every request).
    public var compactJSONByteCount: Int {
        switch self {
        case .null: return 4
        case .bool(let value): return value ? 4 : 5
        case .int(let value): return String(value).utf8.count
        case .double(let value):
            // `JSONEncoder` writes a double's description without a trailing ".0", and cannot write one that is not
            // finite (``compactJSONString`` is then "null").
            guard value.isFinite else { return 4 }
            let text = value.description
            return text.utf8.count - (text.hasSuffix(".0") ? 2 : 0)
        case .string(let value):
            return JSONStringLiteral.byteCount(of: value)
        case .array(let elements):
            return elements.reduce(1 + max(1, elements.count)) { $0 + $1.compactJSONByteCount }
        case .object(let members):
            return members.reduce(1 + max(1, members.count)) { $0 + JSONStringLiteral.byteCount(of: $1.key) + 1 + $1.value.compactJSONByteCount }
        }
    }

    /// Compact JSON text with sorted keys, so equal values always print the same.
    public var compactJSONString: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail: every case maps to a JSON literal.
        guard let data = try? encoder.encode(self) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}
