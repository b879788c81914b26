import SwitchyardCore

extension Gemini {
    /// The body of `models/{model}:generateContent` and `models/{model}:streamGenerateContent`.
    public struct GenerateContentRequest: Codable, Sendable, Hashable {
        /// The conversation so far; the last entry is usually the user's newest turn.
        public var contents: [Content]
        /// The system prompt; only `parts[].text` is meaningful, `role` is omitted.
        public var systemInstruction: Content?
        /// The functions the model may call.
        public var tools: [Tool]?
        /// How the model must choose among ``tools``.
        public var toolConfig: ToolConfig?
        /// Sampling, length, output-format and thinking options.
        public var generationConfig: GenerationConfig?

        /// Creates a request body.
        public init(
            contents: [Content],
            systemInstruction: Content? = nil,
            tools: [Tool]? = nil,
            toolConfig: ToolConfig? = nil,
            generationConfig: GenerationConfig? = nil
        ) {
            self.contents = contents
            self.systemInstruction = systemInstruction
            self.tools = tools
            self.toolConfig = toolConfig
            self.generationConfig = generationConfig
        }
    }
}
