import SwitchyardEngine
import Testing

@Suite("Payload redaction")
struct PayloadRedactorTests {
    struct Case: Sendable, CustomStringConvertible {
        var input: String
        var expected: String
        var description: String { input }

        init(_ input: String, _ expected: String) {
            self.input = input
            self.expected = expected
        }
    }

    static let masked: [Case] = [
        // Personal data.
        Case("write to ada.lovelace+ml@example.co.uk today", "write to [REDACTED:EMAIL] today"),
        Case(#"{"email":"bob@corp.io"}"#, #"{"email":"[REDACTED:EMAIL]"}"#),
        Case("call +1 415 555 0132 now", "call [REDACTED:PHONE] now"),
        Case("call +44 20 7946 0958.", "call [REDACTED:PHONE]."),
        Case("office (415) 555-0132", "office [REDACTED:PHONE]"),
        Case("cell 415-555-0132, desk 415.555.0133", "cell [REDACTED:PHONE], desk [REDACTED:PHONE]"),
        Case("card 4111 1111 1111 1111 exp 12/27", "card [REDACTED:CREDIT_CARD] exp 12/27"),
        Case("card 4111-1111-1111-1111", "card [REDACTED:CREDIT_CARD]"),
        Case("card 5555555555554444", "card [REDACTED:CREDIT_CARD]"),
        Case("amex 3782 822463 10005", "amex [REDACTED:CREDIT_CARD]"),
        Case("iban DE89 3704 0044 0532 0130 00 please", "iban [REDACTED:IBAN] please"),
        Case("iban GB82WEST12345698765432", "iban [REDACTED:IBAN]"),
        Case("ssn 078-05-1120.", "ssn [REDACTED:SSN]."),
        Case("from 192.168.1.20 and 10.0.0.1.", "from [REDACTED:IPV4] and [REDACTED:IPV4]."),
        // Secrets.
        Case("key sk-proj-abcdefghijklmnop1234567890", "key [REDACTED:API_KEY]"),
        Case("key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUv_wx-yz", "key [REDACTED:API_KEY]"),
        Case("key sy-0123456789abcdef0123456789abcdef0123456789abcdef", "key [REDACTED:API_KEY]"),
        Case("aws AKIAIOSFODNN7EXAMPLE ok", "aws [REDACTED:AWS_ACCESS_KEY] ok"),
        Case("gh ghp_abcdefghijklmnopqrstuvwxyz0123456789AB", "gh [REDACTED:GITHUB_TOKEN]"),
        Case("google AIzaSyA1234567890abcdefghijklmnopqrstuv", "google [REDACTED:API_KEY]"),
        Case(
            "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "jwt [REDACTED:JWT]"
        ),
        Case("Authorization: Bearer abc123def456ghi789", "Authorization: Bearer [REDACTED:BEARER_TOKEN]"),
        Case(
            "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA7\\n-----END RSA PRIVATE KEY----- done",
            "[REDACTED:PRIVATE_KEY] done"
        ),
        Case("-----BEGIN PRIVATE KEY-----\nMIIEv\nQIBADAN\n-----END PRIVATE KEY-----", "[REDACTED:PRIVATE_KEY]"),
        // Secret-named fields, whatever the value looks like.
        Case(#"{"password": "hunter2", "user": "ann"}"#, #"{"password": "[REDACTED:SECRET]", "user": "ann"}"#),
        Case(#"{"db_password":"a \"quoted\" pass"}"#, #"{"db_password":"[REDACTED:SECRET]"}"#),
        Case(#"{"client_secret":"xyz","API_KEY":"k1","access_token":"t","Authorization":"Basic Zm9vOmJhcg=="}"#,
             #"{"client_secret":"[REDACTED:SECRET]","API_KEY":"[REDACTED:SECRET]","access_token":"[REDACTED:SECRET]","Authorization":"[REDACTED:SECRET]"}"#),
        Case(#"{"pin_password": 123456}"#, #"{"pin_password": "[REDACTED:SECRET]"}"#),
        Case(#"{"arguments":"{\"token\":\"abc\",\"city\":\"Paris\"}"}"#, #"{"arguments":"{\"token\":\"[REDACTED:SECRET]\",\"city\":\"Paris\"}"}"#),
        Case("GET /cb?api_key=abc123&city=Paris", "GET /cb?api_key=[REDACTED:SECRET]&city=Paris"),
    ]

    static let untouched: [String] = [
        #"{"model":"gpt-4o-mini","max_tokens":1024,"temperature":0.7}"#,
        #"{"model":"claude-haiku-4-5","usage":{"input_tokens":1203,"output_tokens":96}}"#,
        "Dated 2025-06-15 at 12:30:45, invoice 2025/0042, total $1,234.56",
        "timestamp 1749988800123 and id 1234567890123456",
        "pi is 3.14159265358979 and e is 2.718281828459045",
        "version 1.2.3, release 10.4, build 256.300.1.2",
        "order 12345, zip 94103, year 1999, 42 items",
        "route 66 and 555 apples for 0132 people",
        "gemini-2.5-flash, o4-mini, gpt-4.1-nano, claude-sonnet-4-5-20250929",
        "the risk-based task was a secretary's job; tokens: 40",
        #"{"tokenizer":"cl100k","secretary":"Ann","password_hint":"pet name"}"#,
        "sk-short and AKIA123 are not keys",
        "bearer of bad news",
        "Q3 DE revenue grew 12% to 4.2 million",
    ]

    @Test("Masks personal data and secrets", arguments: masked)
    func masks(_ example: Case) {
        #expect(PayloadRedactor().redact(example.input) == example.expected)
    }

    @Test("Leaves ordinary text, numbers, dates and model names alone", arguments: untouched)
    func leavesAlone(_ text: String) {
        #expect(PayloadRedactor().redact(text) == text)
    }

    @Test("A number that fails the Luhn check or has no card prefix is not a card")
    func cardChecks() {
        let redactor = PayloadRedactor()
        #expect(redactor.redact("4111 1111 1111 1112") == "4111 1111 1111 1112")
        #expect(redactor.redact("9111111111111111") == "9111111111111111")
        #expect(redactor.redact("DE89 3704 0044 0532 0130 01") == "DE89 3704 0044 0532 0130 01", "bad IBAN check digits")
        #expect(redactor.redact("000-12-3456 and 123-00-4567") == "000-12-3456 and 123-00-4567", "impossible SSNs")
        #expect(redactor.redact("300.1.2.3 and 1.2.3.256") == "300.1.2.3 and 1.2.3.256", "not IPv4 addresses")
    }

    @Test("Every placeholder names its kind")
    func placeholders() {
        #expect(PayloadRedactor.Kind.email.placeholder == "[REDACTED:EMAIL]")
        #expect(Set(PayloadRedactor.Kind.allCases.map(\.placeholder)).count == PayloadRedactor.Kind.allCases.count)
        #expect(PayloadRedactor().redact("[REDACTED:EMAIL] [REDACTED:CREDIT_CARD]") == "[REDACTED:EMAIL] [REDACTED:CREDIT_CARD]")
    }
}
