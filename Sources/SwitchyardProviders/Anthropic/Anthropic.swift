/// Anthropic's Messages API (`POST /v1/messages`): wire types and translators for both directions.
///
/// - ``Anthropic/MessagesTranslator`` speaks to Anthropic as an upstream.
/// - ``Anthropic/MessagesAPI`` serves clients that speak the Messages API (the Anthropic SDKs).
///
/// Wire type and field names mirror Anthropic's API reference.
public enum Anthropic {
    /// The `anthropic-version` header value Switchyard sends upstream.
    public static let apiVersion = "2023-06-01"
}
