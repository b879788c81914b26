import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardProviders

@Suite("Direct JSON encoding")
struct DirectJSONEncoderTests {
    /// What `JSONEncoder`, configured as ``WireJSON`` configures it, writes for `value`.
    private func foundation<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private func direct<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try DirectJSONEncoder.encode(value), as: UTF8.self)
    }

    /// Whether two JSON texts hold the same value (`JSONEncoder` writes an object's keys in no fixed order; the
    /// direct encoder in the order they are encoded).
    private func sameJSON(_ first: String, _ second: String) throws -> Bool {
        try JSONValue(parsing: first) == JSONValue(parsing: second)
    }

    /// Decodes each fixture and checks that both encoders write the same JSON for it.
    private func expectSameText<T: Codable>(_ type: T.Type, _ directory: String, _ names: [String]) throws {
        for name in names {
            let value = try JSONDecoder().decode(type, from: Data(try WireFixtures.bytes(directory, name)))
            #expect(try sameJSON(direct(value), foundation(value)), "\(directory)/\(name)")
        }
    }

    @Test func theFixturesRequestsAndAnswersAreWrittenAsJSONEncoderWritesThem() throws {
        for group in WireFixtures.all {
            try expectSameText(group.type, group.directory, group.names)
        }
    }

    /// Nested containers of both kinds, optionals, an empty value, escapes and numbers of each kind.
    struct Sample: Codable, Equatable {
        struct Empty: Codable, Equatable {}
        var text = "quote \" backslash \\ slash / tab \t newline \n bell \u{7} é ✓"
        var flag = true
        var whole = 3
        var negative: Int64 = -9_007_199_254_740_993
        var fraction = 0.1
        var wholeDouble = 2.0
        var large = 1e21
        var small = 1.5e-7
        var single: Float = 0.1
        var absent: String?
        var present: String? = "here"
        var list: [Int?] = [1, nil, 3]
        var nested: [[String]] = [["a"], [], ["b", "c"]]
        var empty = Empty()
        var free: JSONValue = .object(["k": .array([.int(1), .double(2.5), .null, .bool(false), .string("s")])])
    }

    @Test func containersOptionalsEscapesAndNumbersAreWrittenAsJSONEncoderWritesThem() throws {
        #expect(try sameJSON(direct(Sample()), foundation(Sample())))
        #expect(try sameJSON(direct([Sample(), Sample()]), foundation([Sample(), Sample()])))
        // Keys in the order they are encoded; escapes and numbers as JSONEncoder writes them.
        #expect(try direct(Sample()) == #"{"text":"quote \" backslash \\ slash / tab \t newline \n bell \u0007 é ✓","flag":true,"whole":3,"#
            + #""negative":-9007199254740993,"fraction":0.1,"wholeDouble":2,"large":1e+21,"small":1.5e-07,"single":0.1,"present":"here","#
            + #""list":[1,null,3],"nested":[["a"],[],["b","c"]],"empty":{},"free":{"k":[1,2.5,null,false,"s"]}}"#)
        #expect(try direct(["single"]) == #"["single"]"#)
        #expect(try direct(Sample.Empty()) == "{}")
    }

    /// Writes one key, then goes back to a nested container it already left.
    struct OutOfOrder: Encodable {
        enum Keys: CodingKey { case a, b }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var nested = container.nestedUnkeyedContainer(forKey: .a)
            try container.encode(1, forKey: .b)
            try nested.encode(2)
        }
    }

    /// Encodes through a super encoder, which only `JSONEncoder` supports.
    struct Subclassed: Encodable {
        enum Keys: CodingKey { case own }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("x", forKey: .own)
            var parent = container.superEncoder().singleValueContainer()
            try parent.encode("base")
        }
    }

    /// A JSON value through the containers, as `JSONValue.encode(to:)` writes it: the text the direct encoder wrote
    /// for JSON values before it wrote them itself.
    struct ThroughContainers: Encodable {
        var value: JSONValue

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch value {
            case .null: try container.encodeNil()
            case .bool(let bool): try container.encode(bool)
            case .int(let int): try container.encode(int)
            case .double(let double): try container.encode(double)
            case .string(let string): try container.encode(string)
            case .array(let elements): try container.encode(elements.map(ThroughContainers.init))
            case .object(let members): try container.encode(members.mapValues(ThroughContainers.init))
            }
        }
    }

    @Test func jsonValuesAreWrittenAsTheirOwnEncodingWritesThemThroughTheContainers() throws {
        let schema: JSONValue = .object([
            "type": .string("object"),
            "properties": .object([
                "path": .object(["type": .string("string"), "description": .string("A \"quoted\" path\nor two / slashes")]),
                "limit": .object(["type": .string("integer"), "minimum": .int(-1), "maximum": .double(1e21), "step": .double(2.0)]),
                "tags": .object(["type": .string("array"), "items": .object([:]), "default": .array([])]),
            ]),
            "required": .array([.string("path"), .null, .bool(true), .double(-0.0)]),
        ])
        for value in [schema, .array([schema, schema]), .string("é ✓ \u{1}"), .null] {
            #expect(try direct(value) == direct(ThroughContainers(value: value)))
            #expect(try sameJSON(direct(value), foundation(value)))
        }
    }

    @Test func whatItCannotWriteInOnePassIsLeftToJSONEncoder() throws {
        #expect(throws: DirectJSONEncoder.Unsupported.self) { try DirectJSONEncoder.encode(OutOfOrder()) }
        #expect(throws: DirectJSONEncoder.Unsupported.self) { try DirectJSONEncoder.encode(Subclassed()) }
        #expect(throws: DirectJSONEncoder.Unsupported.self) { try DirectJSONEncoder.encode(["at": Date(timeIntervalSince1970: 0)]) }
        #expect(throws: DirectJSONEncoder.Unsupported.self) { try DirectJSONEncoder.encode([Double.nan]) }
        // Through WireJSON the same values come out as JSONEncoder writes them.
        #expect(try sameJSON(String(decoding: WireJSON.encode(OutOfOrder()), as: UTF8.self), foundation(OutOfOrder())))
        #expect(try sameJSON(String(decoding: WireJSON.encode(Subclassed()), as: UTF8.self), foundation(Subclassed())))
    }
}

