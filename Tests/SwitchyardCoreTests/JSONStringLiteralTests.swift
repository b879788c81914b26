import Foundation
import SwitchyardCore
import Testing

@Suite("JSONStringLiteral")
struct JSONStringLiteralTests {
    /// What `JSONEncoder` writes for `value`, with the setting the gateway's wire JSON uses.
    private func encoded(_ value: String) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    private func literal(_ value: String) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONStringLiteral.append(value, to: &bytes)
        return bytes
    }

    @Test func everyASCIICharacterIsWrittenAsJSONEncoderWritesIt() throws {
        for scalar in (0..<0x80).compactMap(Unicode.Scalar.init) {
            let value = "a\(Character(scalar))b"
            #expect(literal(value) == (try encoded(value)), "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func textNeedingNoEscapesAndTextNeedingManyAreWrittenAsJSONEncoderWritesThem() throws {
        for value in ["", "plain", "é 漢字 🚦", "quote \" and backslash \\", "\n\n\u{00}\"\\", "ends with backslash \\"] {
            #expect(literal(value) == (try encoded(value)), "\(value.debugDescription)")
        }
    }

    @Test func appendsAfterWhatIsThere() {
        var bytes = Array("[".utf8)
        JSONStringLiteral.append("x", to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #"["x""#)
    }
}
