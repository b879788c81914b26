/// The shape the model's text answer must take.
public enum ResponseFormat: Sendable, Hashable {
    /// Free text, the default.
    case text
    /// Any valid JSON object.
    case jsonObject
    /// JSON matching a schema.
    case jsonSchema(name: String, schema: JSONValue, strict: Bool?)
}
