import SwitchyardCore

extension Gemini {
    /// Down-converts JSON Schema to the OpenAPI 3.0 subset that Gemini's `Schema` object accepts.
    ///
    /// Gemini rejects unknown keywords and some formats, so the converter rebuilds each schema from the
    /// keywords Gemini documents, and rewrites what it can express another way:
    /// - `type` becomes Gemini's upper-case `Type` (`STRING`, `OBJECT`, …); a `"null"` member of a type list, or
    ///   a `{"type": "null"}` branch of `anyOf`/`oneOf`, becomes `nullable: true`; several other types become
    ///   `anyOf`; a missing `type` is inferred from `properties`, `items` or a string `enum`.
    /// - Local `$ref`s into `$defs`/`definitions` are inlined (a recursive reference becomes a bare `OBJECT`);
    ///   `allOf` members are merged; `oneOf` becomes `anyOf`; a string `const` becomes a one-value `enum`.
    /// - Kept as they are: `description`, `title`, `nullable`, `enum` (strings only), `properties`,
    ///   `required`, `items`, `anyOf`, `propertyOrdering`, `minimum`, `maximum`, `minItems`, `maxItems`,
    ///   `minLength`, `maxLength`, `pattern`, `minProperties`, `maxProperties`, `example`, `default`.
    ///   `format` is kept only where Gemini supports it (`enum`/`date-time` on strings, `float`/`double` on
    ///   numbers, `int32`/`int64` on integers).
    /// - Everything else (`$schema`, `$id`, `additionalProperties`, `$defs`, `examples`, `not`, …) is dropped,
    ///   so a constraint expressed only there is not enforced by Gemini.
    public enum SchemaConverter {
        /// Converts one schema (a tool's parameters, a response schema).
        public static func convert(_ schema: JSONValue) -> JSONValue {
            var converter = Converter(definitions: Self.definitions(in: schema))
            return .object(converter.convert(schema))
        }

        /// Converts a tool's input schema for `FunctionDeclaration.parameters`; `nil` when the function takes
        /// no arguments, since Gemini rejects an `OBJECT` schema without properties.
        public static func functionParameters(_ schema: JSONValue) -> JSONValue? {
            let converted = convert(schema)
            if converted["type"] == .string("OBJECT"), converted["properties"]?.objectValue?.isEmpty ?? true,
                converted["anyOf"] == nil
            {
                return nil
            }
            return converted
        }

        private static func definitions(in schema: JSONValue) -> [String: JSONValue] {
            var definitions: [String: JSONValue] = [:]
            for key in ["definitions", "$defs"] {
                for (name, value) in schema[key]?.objectValue ?? [:] {
                    definitions["#/\(key)/\(name)"] = value
                }
            }
            return definitions
        }
    }
}

extension Gemini.SchemaConverter {
    /// Walks one schema tree; holds the root's definitions and the references being expanded.
    private struct Converter {
        let definitions: [String: JSONValue]
        var expanding: Set<String> = []

        /// Keywords copied unchanged when present.
        private static let copiedKeywords = [
            "description", "title", "nullable", "propertyOrdering", "minimum", "maximum", "minItems", "maxItems",
            "minLength", "maxLength", "pattern", "minProperties", "maxProperties", "example", "default",
        ]

        /// The formats Gemini accepts, per type.
        private static let supportedFormats: [String: Set<String>] = [
            "STRING": ["enum", "date-time"],
            "NUMBER": ["float", "double"],
            "INTEGER": ["int32", "int64"],
        ]

        private static let typeNames: [String: String] = [
            "string": "STRING", "number": "NUMBER", "integer": "INTEGER", "boolean": "BOOLEAN",
            "array": "ARRAY", "object": "OBJECT", "null": "NULL",
        ]

        mutating func convert(_ schema: JSONValue) -> [String: JSONValue] {
            guard var node = schema.objectValue else { return [:] }

            if let reference = node["$ref"]?.stringValue {
                node["$ref"] = nil
                return merging(node: node, into: expand(reference: reference))
            }
            if let members = node["allOf"]?.arrayValue {
                node["allOf"] = nil
                var merged: [String: JSONValue] = [:]
                for member in members { merged = Self.merge(convert(member), into: merged) }
                return merging(node: node, into: merged)
            }
            if let branches = (node["anyOf"] ?? node["oneOf"])?.arrayValue {
                node["anyOf"] = nil
                node["oneOf"] = nil
                return convertUnion(branches, node: node)
            }
            return convertPlain(node)
        }

        /// Converts a schema with no `$ref`, `allOf` or `anyOf`/`oneOf` at its top.
        private mutating func convertPlain(_ node: [String: JSONValue]) -> [String: JSONValue] {
            var types: [String]
            switch node["type"] {
            case .string(let name): types = [name]
            case .array(let names): types = names.compactMap(\.stringValue)
            default: types = []
            }
            var nullable = types.contains("null") && types.count > 1
            if nullable { types.removeAll { $0 == "null" } }
            if types.count > 1 {
                var branches: [JSONValue] = []
                for type in types {
                    var branch = node
                    branch["type"] = .string(type)
                    branch["description"] = nil
                    branches.append(.object(convertPlain(branch)))
                }
                var result: [String: JSONValue] = ["anyOf": .array(branches)]
                if let description = node["description"] { result["description"] = description }
                if nullable { result["nullable"] = .bool(true) }
                return result
            }

            var result: [String: JSONValue] = [:]
            for key in Self.copiedKeywords { if let value = node[key] { result[key] = value } }

            var enumValues: [JSONValue]? = node["enum"]?.arrayValue
            if enumValues == nil, let constant = node["const"] { enumValues = [constant] }
            if let values = enumValues {
                if values.contains(.null) { nullable = true }
                let present = values.filter { $0 != .null }
                if !present.isEmpty, present.allSatisfy({ $0.stringValue != nil }) {
                    result["enum"] = .array(present)
                    if types.isEmpty { types = ["string"] }
                }
            }

            if let properties = node["properties"]?.objectValue {
                result["properties"] = .object(properties.mapValues { .object(convert($0)) })
                if types.isEmpty { types = ["object"] }
                let names = node["required"]?.arrayValue?.compactMap(\.stringValue).filter { properties[$0] != nil }
                if let names, !names.isEmpty { result["required"] = .array(names.map(JSONValue.string)) }
            }
            if let items = node["items"], items.objectValue != nil {
                result["items"] = .object(convert(items))
                if types.isEmpty { types = ["array"] }
            }

            if let type = types.first, let name = Self.typeNames[type] {
                result["type"] = .string(name)
                if let format = node["format"]?.stringValue, Self.supportedFormats[name]?.contains(format) == true {
                    result["format"] = .string(format)
                }
            }
            if nullable { result["nullable"] = .bool(true) }
            return result
        }

        /// Converts `anyOf`/`oneOf`: null branches become `nullable`, a single remaining branch is inlined.
        private mutating func convertUnion(_ branches: [JSONValue], node: [String: JSONValue]) -> [String: JSONValue] {
            var converted: [[String: JSONValue]] = []
            var nullable = false
            for branch in branches {
                let schema = convert(branch)
                if schema["type"] == .string("NULL") && schema.count == 1 {
                    nullable = true
                } else {
                    converted.append(schema)
                }
            }
            var result: [String: JSONValue]
            if converted.count == 1, let only = converted.first {
                result = merging(node: node, into: only)
            } else {
                result = convertPlain(node)
                if !converted.isEmpty { result["anyOf"] = .array(converted.map(JSONValue.object)) }
            }
            if nullable { result["nullable"] = .bool(true) }
            return result
        }

        /// The converted definition a local reference names; a recursive or unknown reference becomes a bare
        /// object (or nothing), since Gemini's schema has no references.
        private mutating func expand(reference: String) -> [String: JSONValue] {
            guard let target = definitions[reference] else { return [:] }
            guard !expanding.contains(reference) else { return ["type": .string("OBJECT")] }
            expanding.insert(reference)
            defer { expanding.remove(reference) }
            return convert(target)
        }

        /// Converts the keywords beside a `$ref`/`allOf`/single-branch union and lays them over `base`.
        private mutating func merging(node: [String: JSONValue], into base: [String: JSONValue]) -> [String: JSONValue] {
            var own = convertPlain(node)
            if own["type"] != nil, base["type"] != nil, own["type"] != base["type"] { own["type"] = nil }
            return Self.merge(own, into: base)
        }

        /// Merges two converted schemas: properties and required names are united; other keywords of
        /// `overlay` win.
        private static func merge(_ overlay: [String: JSONValue], into base: [String: JSONValue]) -> [String: JSONValue] {
            var merged = base
            for (key, value) in overlay {
                switch key {
                case "properties":
                    var properties = merged["properties"]?.objectValue ?? [:]
                    for (name, schema) in value.objectValue ?? [:] { properties[name] = schema }
                    merged["properties"] = .object(properties)
                case "required":
                    var names = merged["required"]?.arrayValue ?? []
                    for name in value.arrayValue ?? [] where !names.contains(name) { names.append(name) }
                    merged["required"] = .array(names)
                default:
                    merged[key] = value
                }
            }
            return merged
        }
    }
}
