import Foundation
import SwitchyardCore

/// An `Encoder` that writes compact JSON as the value encodes itself, in one pass, without the tree of boxed values
/// `JSONEncoder` builds first — the JSON `JSONEncoder` with `.withoutEscapingSlashes` writes, except that an object's
/// keys come in the order they are encoded (`JSONEncoder`'s come in its dictionary's order).
///
/// A container is closed once its owner writes to a container further out (or the value ends), so values must
/// encode the way synthesized `Encodable` conformances do: a nested container is filled before its parent goes on.
/// Coding paths are not kept (`codingPath` is always empty): no wire type reads them, and they would cost an array
/// per value.
/// Anything else — writing to a container that was already closed, `superEncoder`, the types `JSONEncoder` writes in
/// its own way (`Date`, `Data`, `URL`, `Decimal`), a number JSON cannot hold — throws ``Unsupported``, and
/// ``WireJSON`` encodes the value with `JSONEncoder` instead.
enum DirectJSONEncoder {
    /// Why a value was left to `JSONEncoder`.
    struct Unsupported: Error {
        let reason: String
    }

    /// `value` as compact JSON.
    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let output = JSONOutput()
        try output.encodeValue(value)
        if let reason = output.unsupported { throw Unsupported(reason: reason) }
        output.close(toDepth: 0)
        return output.bytes
    }
}

/// The text written so far and the containers still open, innermost last.
private final class JSONOutput {
    /// One open container: whether it is an object, and whether it holds an element yet.
    struct Frame {
        var isObject: Bool
        var hasElements = false
    }

    // Not checked for exclusive access at run time: one encoding uses one output, on one thread, and never
    // overlaps two accesses (the checks were a tenth of a long request's encoding).
    @exclusivity(unchecked) var bytes: [UInt8] = []
    @exclusivity(unchecked) private(set) var frames: [Frame] = []
    /// Set once the value did something this encoder does not write; the text is then discarded.
    var unsupported: String?

    init() {
        bytes.reserveCapacity(1024)
    }

    /// Writes a container's closing brackets until `depth` containers are open.
    func close(toDepth depth: Int) {
        while frames.count > depth {
            bytes.append(frames.removeLast().isObject ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Starts an element of the container at `depth` (1-based): closes what is open inside it, then writes the
    /// separator and, in an object, the key.
    func beginElement(inContainerAt depth: Int, key: String?) {
        guard depth <= frames.count else {
            unsupported = "a container written to after it was closed"
            return
        }
        close(toDepth: depth)
        if frames[depth - 1].hasElements { bytes.append(UInt8(ascii: ",")) }
        frames[depth - 1].hasElements = true
        if let key {
            JSONStringLiteral.append(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
        }
    }

    /// Opens an object or an array; returns its depth.
    func open(object: Bool) -> Int {
        bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        frames.append(Frame(isObject: object))
        return frames.count
    }

    func appendNumber(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    func appendFloatingPoint<Number: BinaryFloatingPoint & CustomStringConvertible>(_ value: Number) {
        if !JSONNumber.append(value, to: &bytes) { unsupported = "a non-finite number" }
    }

    /// Writes `value` at the current position: primitives directly, anything else through its own `encode(to:)`.
    ///
    /// The primitives are told apart by comparing metatypes, not by casting: a value reaches here through the
    /// containers' generic `encode`, unspecialized, where each `as` cast a composite value failed was a run-time
    /// cast — ten of them per struct, a fifth of a long request's encoding.
    func encodeValue<T: Encodable>(_ value: T) throws {
        if T.self == String.self {
            JSONStringLiteral.append(unsafeBitCast(value, to: String.self), to: &bytes)
        } else if T.self == Bool.self {
            bytes.append(contentsOf: (unsafeBitCast(value, to: Bool.self) ? "true" : "false").utf8)
        } else if T.self == Int.self {
            appendNumber(String(unsafeBitCast(value, to: Int.self)))
        } else if T.self == Int64.self {
            appendNumber(String(unsafeBitCast(value, to: Int64.self)))
        } else if T.self == Int32.self {
            appendNumber(String(unsafeBitCast(value, to: Int32.self)))
        } else if T.self == UInt64.self {
            appendNumber(String(unsafeBitCast(value, to: UInt64.self)))
        } else if T.self == UInt32.self {
            appendNumber(String(unsafeBitCast(value, to: UInt32.self)))
        } else if T.self == UInt.self {
            appendNumber(String(unsafeBitCast(value, to: UInt.self)))
        } else if T.self == Double.self {
            appendFloatingPoint(unsafeBitCast(value, to: Double.self))
        } else if T.self == Float.self {
            appendFloatingPoint(unsafeBitCast(value, to: Float.self))
        } else if T.self == JSONValue.self {
            // Written by hand, members in the dictionary's order as through the containers: without a container and
            // a coding key per member (tool schemas and tool inputs were most of a long agent's request's encoding).
            if !unsafeBitCast(value, to: JSONValue.self).write(to: &bytes) { unsupported = "a non-finite number" }
        } else if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
            unsupported = "\(T.self), which JSONEncoder writes in its own way"
        } else {
            let start = bytes.count
            let encoder = DirectEncoder(output: self)
            try value.encode(to: encoder)
            // A value that wrote nothing is an empty object, as `JSONEncoder` writes it.
            if bytes.count == start { bytes += "{}".utf8 }
        }
    }
}

/// The encoder handed to one value's `encode(to:)`.
private struct DirectEncoder: Encoder {
    let output: JSONOutput
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// How many containers were open when the value began.
    let baseDepth: Int

    init(output: JSONOutput) {
        self.output = output
        self.baseDepth = output.frames.count
    }

    /// The value's own container: opened by the first request, shared by later ones (of any key type).
    private func ownContainer(object: Bool) -> Int {
        if output.frames.count > baseDepth { return baseDepth + 1 }
        return output.open(object: object)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(DirectKeyedContainer<Key>(output: output, depth: ownContainer(object: true)))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        DirectUnkeyedContainer(output: output, depth: ownContainer(object: false))
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        DirectSingleValueContainer(output: output)
    }
}

private struct DirectKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let output: JSONOutput
    let depth: Int
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws {
        output.beginElement(inContainerAt: depth, key: key.stringValue)
        output.bytes += "null".utf8
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        output.beginElement(inContainerAt: depth, key: key.stringValue)
        try output.encodeValue(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        output.beginElement(inContainerAt: depth, key: key.stringValue)
        return KeyedEncodingContainer(DirectKeyedContainer<NestedKey>(output: output, depth: output.open(object: true)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        output.beginElement(inContainerAt: depth, key: key.stringValue)
        return DirectUnkeyedContainer(output: output, depth: output.open(object: false))
    }

    mutating func superEncoder() -> any Encoder {
        output.unsupported = "superEncoder"
        return DirectEncoder(output: output)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        output.unsupported = "superEncoder"
        return DirectEncoder(output: output)
    }
}

private struct DirectUnkeyedContainer: UnkeyedEncodingContainer {
    let output: JSONOutput
    let depth: Int
    var codingPath: [any CodingKey] { [] }
    private(set) var count = 0

    init(output: JSONOutput, depth: Int) {
        self.output = output
        self.depth = depth
    }

    mutating func encodeNil() throws {
        output.beginElement(inContainerAt: depth, key: nil)
        output.bytes += "null".utf8
        count += 1
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        output.beginElement(inContainerAt: depth, key: nil)
        try output.encodeValue(value)
        count += 1
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        output.beginElement(inContainerAt: depth, key: nil)
        count += 1
        return KeyedEncodingContainer(DirectKeyedContainer<NestedKey>(output: output, depth: output.open(object: true)))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        output.beginElement(inContainerAt: depth, key: nil)
        count += 1
        return DirectUnkeyedContainer(output: output, depth: output.open(object: false))
    }

    mutating func superEncoder() -> any Encoder {
        output.unsupported = "superEncoder"
        return DirectEncoder(output: output)
    }
}

private struct DirectSingleValueContainer: SingleValueEncodingContainer {
    let output: JSONOutput
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws {
        output.bytes += "null".utf8
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try output.encodeValue(value)
    }
}
