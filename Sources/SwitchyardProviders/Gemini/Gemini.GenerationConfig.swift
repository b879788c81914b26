import SwitchyardCore

extension Gemini {
    /// Sampling, length, output-format and thinking options (`generationConfig`).
    public struct GenerationConfig: Codable, Sendable, Hashable {
        /// Up to five strings that stop generation.
        public var stopSequences: [String]?
        /// The output media type: `text/plain` (default) or `application/json`.
        public var responseMimeType: String?
        /// With `application/json`: the schema the output must match, in the OpenAPI subset.
        public var responseSchema: JSONValue?
        /// The cap on output tokens.
        public var maxOutputTokens: Int?
        /// Sampling temperature.
        public var temperature: Double?
        /// Nucleus sampling mass.
        public var topP: Double?
        /// Top-k sampling width.
        public var topK: Int?
        /// Reasoning options for thinking models.
        public var thinkingConfig: ThinkingConfig?

        /// Creates a generation configuration.
        public init(
            stopSequences: [String]? = nil,
            responseMimeType: String? = nil,
            responseSchema: JSONValue? = nil,
            maxOutputTokens: Int? = nil,
            temperature: Double? = nil,
            topP: Double? = nil,
            topK: Int? = nil,
            thinkingConfig: ThinkingConfig? = nil
        ) {
            self.stopSequences = stopSequences
            self.responseMimeType = responseMimeType
            self.responseSchema = responseSchema
            self.maxOutputTokens = maxOutputTokens
            self.temperature = temperature
            self.topP = topP
            self.topK = topK
            self.thinkingConfig = thinkingConfig
        }

        /// Whether no option is set, so the whole object can be left out.
        var isEmpty: Bool {
            self == GenerationConfig()
        }
    }

    /// Reasoning options (`generationConfig.thinkingConfig`).
    public struct ThinkingConfig: Codable, Sendable, Hashable {
        /// Whether the response includes thought summaries (`thought: true` parts).
        public var includeThoughts: Bool?
        /// Tokens the model may spend thinking (Gemini 2.5); `0` turns thinking off, `-1` lets the model decide.
        public var thinkingBudget: Int?
        /// Relative reasoning depth (Gemini 3): `minimal`, `low`, `medium` or `high`.
        public var thinkingLevel: String?

        /// Creates a thinking configuration.
        public init(includeThoughts: Bool? = nil, thinkingBudget: Int? = nil, thinkingLevel: String? = nil) {
            self.includeThoughts = includeThoughts
            self.thinkingBudget = thinkingBudget
            self.thinkingLevel = thinkingLevel
        }
    }
}
