import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("Gemini schema down-conversion")
struct GeminiSchemaConverterTests {
    static func convert(_ json: String) throws -> JSONValue {
        Gemini.SchemaConverter.convert(try JSONValue(parsing: json))
    }

    @Test("A [type, null] list becomes the type plus nullable")
    func nullableTypeList() throws {
        #expect(try Self.convert(#"{"type": ["integer", "null"], "minimum": 1}"#)
            == .object(["type": .string("INTEGER"), "nullable": .bool(true), "minimum": .int(1)]))
    }

    @Test("An anyOf with a null branch collapses to the other branch, nullable, keeping its description")
    func optionalAnyOf() throws {
        #expect(try Self.convert(#"{"anyOf": [{"type": "string", "maxLength": 8}, {"type": "null"}], "description": "Nickname", "default": null}"#)
            == .object([
                "type": .string("STRING"), "maxLength": .int(8), "nullable": .bool(true),
                "description": .string("Nickname"), "default": .null,
            ]))
    }

    @Test("Several non-null types become anyOf")
    func multipleTypes() throws {
        #expect(try Self.convert(#"{"type": ["string", "number"], "description": "An id"}"#)
            == .object([
                "description": .string("An id"),
                "anyOf": .array([.object(["type": .string("STRING")]), .object(["type": .string("NUMBER")])]),
            ]))
    }

    @Test("$schema, additionalProperties, $defs, examples and unsupported formats are dropped; $ref is inlined")
    func dropsUnsupportedKeywords() throws {
        let converted = try Self.convert(#"""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "owner": {"$ref": "#/$defs/Person", "description": "Who owns it"},
                "email": {"type": "string", "format": "email", "examples": ["a@b.c"]},
                "count": {"type": "integer", "format": "int64", "exclusiveMinimum": 0}
              },
              "required": ["owner", "ghost"],
              "$defs": {
                "Person": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"], "additionalProperties": false}
              }
            }
            """#)
        #expect(converted == .object([
            "type": .string("OBJECT"),
            "properties": .object([
                "owner": .object([
                    "type": .string("OBJECT"),
                    "description": .string("Who owns it"),
                    "properties": .object(["name": .object(["type": .string("STRING")])]),
                    "required": .array([.string("name")]),
                ]),
                "email": .object(["type": .string("STRING")]),
                "count": .object(["type": .string("INTEGER"), "format": .string("int64")]),
            ]),
            "required": .array([.string("owner")]),
        ]))
    }

    @Test("A recursive $ref stops at a bare OBJECT")
    func recursiveReference() throws {
        let converted = try Self.convert(#"""
            {"$ref": "#/definitions/Node", "definitions": {"Node": {"type": "object", "properties": {
              "value": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/definitions/Node"}}
            }}}}
            """#)
        #expect(converted == .object([
            "type": .string("OBJECT"),
            "properties": .object([
                "value": .object(["type": .string("STRING")]),
                "children": .object(["type": .string("ARRAY"), "items": .object(["type": .string("OBJECT")])]),
            ]),
        ]))
    }

    @Test("allOf members merge; oneOf becomes anyOf; a string const becomes an enum; missing types are inferred")
    func combinators() throws {
        let converted = try Self.convert(#"""
            {"allOf": [
              {"properties": {"kind": {"const": "circle"}}, "required": ["kind"]},
              {"properties": {"size": {"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["small", "large"]}]}}}
            ]}
            """#)
        #expect(converted == .object([
            "type": .string("OBJECT"),
            "properties": .object([
                "kind": .object(["type": .string("STRING"), "enum": .array([.string("circle")])]),
                "size": .object(["anyOf": .array([
                    .object(["type": .string("INTEGER")]),
                    .object(["type": .string("STRING"), "enum": .array([.string("small"), .string("large")])]),
                ])]),
            ]),
            "required": .array([.string("kind")]),
        ]))
    }

    @Test("Tools without arguments declare no parameters; tools with arguments do")
    func functionParameters() throws {
        #expect(Gemini.SchemaConverter.functionParameters(try JSONValue(parsing: #"{"type": "object", "properties": {}, "additionalProperties": false}"#)) == nil)
        #expect(Gemini.SchemaConverter.functionParameters(try JSONValue(parsing: #"{"type": "object"}"#)) == nil)
        #expect(Gemini.SchemaConverter.functionParameters(try JSONValue(parsing: #"{"properties": {"q": {"type": "string"}}}"#))
            == .object(["type": .string("OBJECT"), "properties": .object(["q": .object(["type": .string("STRING")])])]))
    }
}
