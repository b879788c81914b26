extension JSONValue {
    /// Reads JSON text (RFC 8259) in one pass over its bytes; `nil` when it is not valid JSON, is not valid UTF-8,
    /// nests deeper than 64 levels, or repeats a key in an object (which readers resolve differently).
    ///
    /// For the hot paths where Foundation's `JSONDecoder` costs more than the work around it (every streamed
    /// chunk); a caller that gets `nil` falls back to `JSONDecoder`, so that its error says what is wrong.
    /// Numbers written without a fraction or exponent that fit in 64 bits read as ``int(_:)``, every other number
    /// as ``double(_:)`` (`JSONDecoder` reads `2.5e3` as an integer).
    public init?(scanning bytes: some Collection<UInt8>) {
        guard let scanned = JSONScanner.withScanner(over: bytes, { scanner in scanner.document() }) else { return nil }
        self = scanned
    }
}
