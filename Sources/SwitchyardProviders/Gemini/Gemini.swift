/// Google's Gemini API (REST `v1beta`, `generateContent`): wire types and the upstream translator.
///
/// Switchyard speaks Gemini only upstream: clients call the OpenAI or Anthropic API and
/// ``Gemini/GenerateContentTranslator`` turns their canonical requests into `generateContent` calls.
public enum Gemini {}
