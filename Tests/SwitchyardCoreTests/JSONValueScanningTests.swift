import SwitchyardCore
import Testing

@Suite("JSONValue scanning")
struct JSONValueScanningTests {
    private func scan(_ text: String) -> JSONValue? {
        JSONValue(scanning: Array(text.utf8))
    }

    @Test func readsWhatJSONDecoderReads() throws {
        let documents = [
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}],"usage":null}"#,
            #" { "a" : [ 1 , -2 , true , false , null , "x" , { } , [ ] ] , "b" : { "c" : { "d" : [ [ "deep" ] ] } } } "#,
            #"["quote \" backslash \\ slash \/ \b\f\n\r\t", "\u00e9\u6f22\ud83d\udea6", "é 漢字 🚦", ""]"#,
            #"[0, -0, 9223372036854775807, -9223372036854775808, 1.5, -0.25, 1E-2]"#,
            "\"a\"", "42", "null",
        ]
        for document in documents {
            #expect(scan(document) == (try JSONValue(parsing: document)), "\(document)")
        }
    }

    /// Unlike `JSONDecoder`, which reads `-2.25e3` as the integer -2250, a number with a fraction or an exponent
    /// stays a double: a field that wants an integer then falls back to `JSONDecoder`.
    @Test func keepsWholeNumbersApartFromOthers() {
        #expect(scan("[7, 7.5, 7e0, 18446744073709551616]") == .array([.int(7), .double(7.5), .double(7), .double(18446744073709551616)]))
    }

    @Test func refusesWhatIsNotJSON() {
        let invalid = [
            "", " ", "{", "[1,]", #"{"a":1,}"#, #"{"a" 1}"#, #"{a:1}"#, "01", "1.", ".5", "-", "1e", "+1", "tru", "nul",
            "\"unterminated", "\"tab\tinside\"", #""\x""#, #""\u12""#, #""\ud83d""#, #""\udea6""#, "[1] 2", "NaN", "Infinity",
            String(repeating: "[", count: 65) + String(repeating: "]", count: 65),
        ]
        for document in invalid {
            #expect(scan(document) == nil, "\(document.debugDescription)")
        }
        #expect(JSONValue(scanning: [0x22, 0xFF, 0x22]) == nil, "invalid UTF-8 in a string")
        #expect(scan(#"{"a":1,"a":2}"#) == nil, "a repeated key, which readers resolve differently, is left to JSONDecoder")
        #expect(scan(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) != nil, "64 levels are fine")
    }
}
