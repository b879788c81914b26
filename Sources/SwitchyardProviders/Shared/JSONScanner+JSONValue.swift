import SwitchyardCore

extension JSONScanner {
    /// A value of any kind as a ``JSONValue`` field decodes it (a schema, a tool's input), or `nil` for `null`.
    /// Whole numbers written as fractions (`2.0`) are the general reading's to say (see ``ScannedJSONDecoder``): the
    /// reader that asked gives up on them, as on any error.
    mutating func nullableJSONValue() throws -> JSONValue? {
        try nullableValue().map { try ScannedJSONDecoder.decode(JSONValue.self, from: $0) }
    }
}
