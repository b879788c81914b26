import SwitchyardCore

extension Gemini {
    /// The body of a `generateContent` answer, and each `data:` chunk of `streamGenerateContent?alt=sse`.
    public struct GenerateContentResponse: Codable, Sendable, Hashable {
        /// The generated candidates; absent when the prompt itself was blocked.
        public var candidates: [Candidate]?
        /// Why the prompt was blocked, when it was.
        public var promptFeedback: PromptFeedback?
        /// Token counts; in a stream, each chunk carries the running totals.
        public var usageMetadata: UsageMetadata?
        /// The exact model version that answered.
        public var modelVersion: String?
        /// The response's id; the same on every chunk of one stream.
        public var responseId: String?

        /// Creates a response.
        public init(
            candidates: [Candidate]? = nil,
            promptFeedback: PromptFeedback? = nil,
            usageMetadata: UsageMetadata? = nil,
            modelVersion: String? = nil,
            responseId: String? = nil
        ) {
            self.candidates = candidates
            self.promptFeedback = promptFeedback
            self.usageMetadata = usageMetadata
            self.modelVersion = modelVersion
            self.responseId = responseId
        }
    }

    /// One generated answer.
    public struct Candidate: Codable, Sendable, Hashable {
        /// The answer's parts; absent when the candidate was blocked before any output.
        public var content: Content?
        /// Why generation stopped (`STOP`, `MAX_TOKENS`, `SAFETY`, …); absent on stream chunks before the last.
        public var finishReason: String?
        /// The candidate's position among several.
        public var index: Int?

        /// Creates a candidate.
        public init(content: Content? = nil, finishReason: String? = nil, index: Int? = nil) {
            self.content = content
            self.finishReason = finishReason
            self.index = index
        }
    }

    /// Content-filter results for the prompt.
    public struct PromptFeedback: Codable, Sendable, Hashable {
        /// Why the prompt was blocked (`SAFETY`, `BLOCKLIST`, `PROHIBITED_CONTENT`, `OTHER`, …); absent when it
        /// was not.
        public var blockReason: String?

        /// Creates prompt feedback.
        public init(blockReason: String? = nil) {
            self.blockReason = blockReason
        }
    }
}
