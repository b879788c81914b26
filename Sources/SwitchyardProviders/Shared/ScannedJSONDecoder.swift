import SwitchyardCore

/// Decodes wire types from a value ``JSONValue/init(scanning:)`` read, several times faster than `JSONDecoder`.
///
/// Strict where `JSONDecoder` is lenient: an integer field takes only a number written as an integer, a
/// ``JSONValue`` field only a value whose numbers `JSONDecoder` would read the same way. Whatever it refuses —
/// including everything `JSONDecoder` refuses — it throws for, and ``WireJSON`` then decodes the text again with
/// `JSONDecoder`, whose reading or error stands. So a value decoded here is the value `JSONDecoder` would give.
struct ScannedJSONDecoder {
    /// Decodes `type` from `value`.
    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try ValueDecoder(value: value).decode(type)
    }
}

/// A refusal of the scanned path: the caller falls back to `JSONDecoder`.
private struct NotScannable: Error {}

/// The coding path is left empty throughout: it only serves error messages, and every error here is replaced by
/// `JSONDecoder`'s.
private struct ValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: JSONValue
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw NotScannable() }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw NotScannable() }
        return UnkeyedContainer(elements: elements)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let bool) = value else { throw NotScannable() }
        return bool
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let string) = value else { throw NotScannable() }
        return string
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .double(let double): return double
        case .int(let int):
            guard let double = Double(exactly: int) else { throw NotScannable() }
            return double
        default: throw NotScannable()
        }
    }

    func decode(_ type: Float.Type) throws -> Float {
        guard let float = Float(exactly: try decode(Double.self)) else { throw NotScannable() }
        return float
    }

    func decode(_ type: Int.Type) throws -> Int { try integer() }
    func decode(_ type: Int8.Type) throws -> Int8 { try integer() }
    func decode(_ type: Int16.Type) throws -> Int16 { try integer() }
    func decode(_ type: Int32.Type) throws -> Int32 { try integer() }
    func decode(_ type: Int64.Type) throws -> Int64 { try integer() }
    func decode(_ type: UInt.Type) throws -> UInt { try integer() }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try integer() }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try integer() }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try integer() }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try integer() }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == JSONValue.self {
            // `JSONDecoder` reads a whole number written with a fraction or exponent (`2.0`, `1e3`) as an integer;
            // such a value is left to it.
            guard !value.containsWholeDouble else { throw NotScannable() }
            return value as! T
        }
        return try T(from: self)
    }

    private func integer<Integer: FixedWidthInteger>() throws -> Integer {
        guard case .int(let int) = value, let integer = Integer(exactly: int) else { throw NotScannable() }
        return integer
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    var codingPath: [any CodingKey] { [] }

    var allKeys: [Key] { members.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let member = members[key.stringValue] else { throw NotScannable() }
        return member == .null
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder(for: key).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { throw NotScannable() }
    func superDecoder(forKey key: Key) throws -> any Decoder { throw NotScannable() }

    private func decoder(for key: Key) throws -> ValueDecoder {
        guard let member = members[key.stringValue] else { throw NotScannable() }
        return ValueDecoder(value: member)
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    var codingPath: [any CodingKey] { [] }
    private(set) var currentIndex = 0

    init(elements: [JSONValue]) {
        self.elements = elements
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw NotScannable() }
        guard elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try next().decode(type)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try next().container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try next().unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder { throw NotScannable() }

    private func next() throws -> ValueDecoder {
        guard !isAtEnd else { throw NotScannable() }
        return ValueDecoder(value: elements[currentIndex])
    }
}

extension JSONValue {
    /// Whether a number in the value is a ``double(_:)`` with no fractional part.
    fileprivate var containsWholeDouble: Bool {
        switch self {
        case .double(let double): double.rounded(.towardZero) == double
        case .array(let elements): elements.contains { $0.containsWholeDouble }
        case .object(let members): members.values.contains { $0.containsWholeDouble }
        case .null, .bool, .int, .string: false
        }
    }
}
