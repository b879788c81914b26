import Foundation

/// Masks personal data and secrets in a request or response payload (JSON or plain text) before the request log
/// keeps it, replacing each with a placeholder that names what was there: `[REDACTED:EMAIL]`, `[REDACTED:API_KEY]`, ….
///
/// ```swift
/// PayloadRedactor().redact(#"{"content":"mail ada@example.com, key sk-ant-api03-…"}"#)
/// // {"content":"mail [REDACTED:EMAIL], key [REDACTED:API_KEY]"}
/// ```
///
/// What it masks, in this order (secrets first, so that a key is named as a key and not as a phone number):
/// - PEM private keys; JWTs; `sk-…`, `sk-ant-…` and Switchyard `sy-…` keys; AWS access key ids (`AKIA…`, `ASIA…`);
///   GitHub tokens (`ghp_…`, `gho_…`, `ghu_…`, `ghs_…`, `ghr_…`, `github_pat_…`); Google API keys (`AIza…`); the
///   token after `Bearer`;
/// - the value of any JSON field (or `name=value` pair) whose name ends in `password`, `passwd`, `secret`,
///   `api_key`/`apikey`/`api-key`, `token` or `authorization`, at the top level or in JSON escaped inside a string
///   (tool-call arguments); the field name stays;
/// - email addresses; IBANs (mod-97 checked); payment-card numbers (13–19 digits, whole or in groups, with a card
///   network's prefix and a valid Luhn check digit); US social security numbers (`123-45-6789`, impossible area
///   and group numbers excluded); phone numbers written as phone numbers (a `+` country code, or `(415) 555-0132`,
///   `415-555-0132`, `415.555.0132`, `415 555 0132`); IPv4 addresses.
///
/// Ordinary numbers, dates, times, versions, amounts and model names are left alone: bare digit runs count as a
/// card only when they pass the network-prefix and Luhn checks, and as a phone number never.
public struct PayloadRedactor: Sendable {
    /// What a placeholder says was there.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case privateKey = "PRIVATE_KEY"
        case jwt = "JWT"
        case apiKey = "API_KEY"
        case awsAccessKey = "AWS_ACCESS_KEY"
        case githubToken = "GITHUB_TOKEN"
        case bearerToken = "BEARER_TOKEN"
        case secret = "SECRET"
        case email = "EMAIL"
        case iban = "IBAN"
        case creditCard = "CREDIT_CARD"
        case ssn = "SSN"
        case phone = "PHONE"
        case ipv4 = "IPV4"

        /// The text that replaces a match: `[REDACTED:EMAIL]`.
        public var placeholder: String { "[REDACTED:\(rawValue)]" }
    }

    /// One pattern: the capture group it replaces (0 for the whole match), the text that replaces it, and a check
    /// a match must pass.
    private struct Rule: Sendable {
        var replacement: String
        var expression: NSRegularExpression
        var group: Int
        var isMatch: @Sendable (Substring) -> Bool

        /// `quoted` puts the placeholder in double quotes, so that a JSON number replaced by it stays valid JSON.
        init(
            _ kind: Kind,
            _ pattern: String,
            group: Int = 0,
            caseInsensitive: Bool = false,
            quoted: Bool = false,
            isMatch: @escaping @Sendable (Substring) -> Bool = { _ in true }
        ) {
            self.replacement = quoted ? "\"\(kind.placeholder)\"" : kind.placeholder
            // The patterns are constants checked by the tests; one that does not compile is a programming error.
            self.expression = try! NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
            self.group = group
            self.isMatch = isMatch
        }
    }

    /// Field names whose values are secrets: the name ends in one of these words.
    private static let secretField = #"[A-Za-z0-9_.-]*(?:password|passwd|secret|api[_-]?key|apikey|token|authorization)"#

    private static let rules: [Rule] = [
        Rule(.privateKey, #"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----"#),
        Rule(.jwt, #"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+"#),
        Rule(.apiKey, #"(?<![A-Za-z0-9_-])(?:sk-|sy-)[A-Za-z0-9_-]{16,}"#),
        Rule(.awsAccessKey, #"(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])"#),
        Rule(.githubToken, #"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})"#),
        Rule(.apiKey, #"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}"#),
        Rule(.bearerToken, #"\bbearer\s+([A-Za-z0-9._~+/-]{8,}=*)"#, group: 1, caseInsensitive: true),
        // "name": "value" and "name": 123 in JSON; \"name\": \"value\" in JSON inside a JSON string; name=value.
        Rule(.secret, #""\#(secretField)"\s*:\s*"((?:[^"\\]|\\.)*)""#, group: 1, caseInsensitive: true),
        Rule(.secret, #"\\"\#(secretField)\\"\s*:\s*\\"((?:[^"\\]|\\[^"])*)\\""#, group: 1, caseInsensitive: true),
        Rule(.secret, #""\#(secretField)"\s*:\s*(-?[0-9][0-9.eE+-]*)"#, group: 1, caseInsensitive: true, quoted: true),
        Rule(.secret, #"(?<![A-Za-z0-9_])\#(secretField)=([^&\s"'\\,;]+)"#, group: 1, caseInsensitive: true),
        Rule(.email, #"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"#),
        Rule(.iban, #"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"#, isMatch: Checksums.isIBAN),
        Rule(
            .creditCard,
            #"(?<![0-9.,-])(?:[0-9]{13,19}|[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{1,7}|[0-9]{4}([ -])[0-9]{6}\2[0-9]{4,5})(?![0-9-]|[.,][0-9])"#,
            isMatch: Checksums.isCardNumber
        ),
        Rule(.ssn, #"(?<![0-9-])(?!000|666|9[0-9]{2})[0-9]{3}-(?!00)[0-9]{2}-(?!0000)[0-9]{4}(?![0-9-])"#),
        Rule(
            .phone,
            #"(?<![\w+.-])(?:\+[0-9]{1,3}(?:[ .-]?\(?[0-9]{1,4}\)?){1,2}(?:[ .-]?[0-9]{2,4}){2,3}|(?:\([0-9]{3}\) ?|[0-9]{3}[ .-])[0-9]{3}[ .-][0-9]{4})(?![\w-]|\.[0-9])"#,
            isMatch: { (7...15).contains($0.count(where: \.isASCIIDigit)) }
        ),
        Rule(.ipv4, #"(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9]|\.[0-9])"#),
    ]

    /// Creates a redactor with the rules above.
    public init() {}

    /// `text` with every match of every rule replaced by its placeholder.
    public func redact(_ text: String) -> String {
        Self.rules.reduce(text) { text, rule in Self.apply(rule, to: text) }
    }

    private static func apply(_ rule: Rule, to text: String) -> String {
        let matches = rule.expression.matches(in: text, range: NSRange(text.startIndex..., in: text))
        guard !matches.isEmpty else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var copiedUpTo = text.startIndex
        for match in matches {
            guard let whole = Range(match.range, in: text), rule.isMatch(text[whole]),
                let target = Range(match.range(at: rule.group), in: text)
            else { continue }
            result += text[copiedUpTo..<target.lowerBound]
            result += rule.replacement
            copiedUpTo = target.upperBound
        }
        result += text[copiedUpTo...]
        return result
    }
}

extension Character {
    /// Whether this is one of the ASCII digits 0–9.
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
