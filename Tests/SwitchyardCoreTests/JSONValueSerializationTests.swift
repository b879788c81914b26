import SwitchyardCore
import Testing

@Suite("JSON values as compact text")
struct JSONValueSerializationTests {
    static let values: [JSONValue] = [
        .null, .bool(true), .bool(false), .int(0), .int(-42), .int(.max), .int(.min),
        .double(1.0), .double(0.5), .double(-0.0), .double(1e20), .double(1e-7), .double(1e15), .double(0.1 + 0.2),
        .double(123_456_789_012_345_678), .double(.infinity),
        .string(""), .string("plain"), .string("quote \" backslash \\ slash / newline \n tab \t return \r"),
        .string("controls \u{08}\u{0C}\u{01}\u{1F} and ünïcödé 🙂"),
        .array([]), .object([:]),
        .array([.int(1), .string("two"), .null, .array([.bool(true)])]),
        .object([
            "type": .string("object"),
            "properties": .object([
                "path": .object(["type": .string("string"), "description": .string("A file's path, like \"src/main.swift\".")]),
                "limit": .object(["type": .string("integer"), "minimum": .int(1), "maximum": .double(1e4)]),
            ]),
            "required": .array([.string("path")]),
            "additionalProperties": .bool(false),
        ]),
    ]

    @Test("The byte count is the compact text's length, without writing the text", arguments: values)
    func byteCountMatchesText(_ value: JSONValue) {
        #expect(value.compactJSONByteCount == value.compactJSONString.utf8.count, "\(value.compactJSONString)")
    }
}
