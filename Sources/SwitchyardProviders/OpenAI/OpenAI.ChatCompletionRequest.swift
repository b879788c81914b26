import SwitchyardCore

extension OpenAI {
    /// The body of `POST /chat/completions`.
    ///
    /// Fields the canonical model cannot carry (`seed`, `logprobs`, penalties, …) are not decoded and so are
    /// ignored, as OpenAI itself ignores unknown fields it does not use.
    public struct ChatCompletionRequest: Codable, Sendable, Hashable {
        /// The model id (or a Switchyard alias).
        public var model: String
        /// The conversation so far.
        public var messages: [ChatMessage]
        /// The functions the model may call.
        public var tools: [Tool]?
        /// How the model must choose among ``tools``.
        public var toolChoice: ToolChoice?
        /// Whether the model may call several tools in one turn.
        public var parallelToolCalls: Bool?
        /// The legacy output token limit, still the one most compatible servers read.
        public var maxTokens: Int?
        /// The output token limit, reasoning included (OpenAI's current name).
        public var maxCompletionTokens: Int?
        /// Sampling temperature, 0 to 2.
        public var temperature: Double?
        /// Nucleus sampling mass.
        public var topP: Double?
        /// Up to four sequences that end the answer.
        public var stop: StopSequences?
        /// Whether to stream the answer as `chat.completion.chunk` events.
        public var stream: Bool?
        /// Streaming options; only meaningful with ``stream``.
        public var streamOptions: StreamOptions?
        /// The shape of the text answer.
        public var responseFormat: ResponseFormat?
        /// Reasoning effort for reasoning models: `minimal`, `low`, `medium` or `high`.
        public var reasoningEffort: String?
        /// The end user on whose behalf the call is made.
        public var user: String?
        /// Up to 16 string key/value pairs.
        public var metadata: [String: String]?
        /// How many choices to generate; Switchyard serves only 1.
        public var n: Int?

        /// Creates a request body.
        public init(
            model: String,
            messages: [ChatMessage],
            tools: [Tool]? = nil,
            toolChoice: ToolChoice? = nil,
            parallelToolCalls: Bool? = nil,
            maxTokens: Int? = nil,
            maxCompletionTokens: Int? = nil,
            temperature: Double? = nil,
            topP: Double? = nil,
            stop: StopSequences? = nil,
            stream: Bool? = nil,
            streamOptions: StreamOptions? = nil,
            responseFormat: ResponseFormat? = nil,
            reasoningEffort: String? = nil,
            user: String? = nil,
            metadata: [String: String]? = nil,
            n: Int? = nil
        ) {
            self.model = model
            self.messages = messages
            self.tools = tools
            self.toolChoice = toolChoice
            self.parallelToolCalls = parallelToolCalls
            self.maxTokens = maxTokens
            self.maxCompletionTokens = maxCompletionTokens
            self.temperature = temperature
            self.topP = topP
            self.stop = stop
            self.stream = stream
            self.streamOptions = streamOptions
            self.responseFormat = responseFormat
            self.reasoningEffort = reasoningEffort
            self.user = user
            self.metadata = metadata
            self.n = n
        }

        enum CodingKeys: String, CodingKey {
            case model, messages, tools
            case toolChoice = "tool_choice"
            case parallelToolCalls = "parallel_tool_calls"
            case maxTokens = "max_tokens"
            case maxCompletionTokens = "max_completion_tokens"
            case temperature
            case topP = "top_p"
            case stop, stream
            case streamOptions = "stream_options"
            case responseFormat = "response_format"
            case reasoningEffort = "reasoning_effort"
            case user, metadata, n
        }
    }

    /// `stop`: one sequence or an array of them.
    public enum StopSequences: Codable, Sendable, Hashable {
        /// `"stop": "END"`.
        case single(String)
        /// `"stop": ["END", "###"]`.
        case multiple([String])

        /// The sequences as an array.
        public var sequences: [String] {
            switch self {
            case .single(let sequence): [sequence]
            case .multiple(let sequences): sequences
            }
        }

        /// Decodes a string or an array of strings.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let single = try? container.decode(String.self) {
                self = .single(single)
            } else if let multiple = try? container.decode([String].self) {
                self = .multiple(multiple)
            } else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a string or an array of strings.")
            }
        }

        /// Encodes the form it was given.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .single(let sequence): try container.encode(sequence)
            case .multiple(let sequences): try container.encode(sequences)
            }
        }
    }

    /// `stream_options`.
    public struct StreamOptions: Codable, Sendable, Hashable {
        /// Whether a final chunk with empty `choices` carries the usage of the whole request.
        public var includeUsage: Bool?

        /// Creates stream options.
        public init(includeUsage: Bool?) {
            self.includeUsage = includeUsage
        }

        enum CodingKeys: String, CodingKey {
            case includeUsage = "include_usage"
        }
    }

    /// `response_format`: `{"type":"text"}`, `{"type":"json_object"}` or `{"type":"json_schema","json_schema":{…}}`.
    public enum ResponseFormat: Codable, Sendable, Hashable {
        /// Plain text (the default).
        case text
        /// Any valid JSON object.
        case jsonObject
        /// JSON matching a schema.
        case jsonSchema(JSONSchemaFormat)

        enum CodingKeys: String, CodingKey {
            case type
            case jsonSchema = "json_schema"
        }

        /// Decodes a format by its `type`, refusing types Switchyard does not serve.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let type = try container.decode(String.self, forKey: .type)
            switch type {
            case "text": self = .text
            case "json_object": self = .jsonObject
            case "json_schema": self = .jsonSchema(try container.decode(JSONSchemaFormat.self, forKey: .jsonSchema))
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .type,
                    in: container,
                    debugDescription: "`\(type)` is not supported; expected `text`, `json_object` or `json_schema`."
                )
            }
        }

        /// Encodes the format with its `type` tag.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text:
                try container.encode("text", forKey: .type)
            case .jsonObject:
                try container.encode("json_object", forKey: .type)
            case .jsonSchema(let format):
                try container.encode("json_schema", forKey: .type)
                try container.encode(format, forKey: .jsonSchema)
            }
        }
    }

    /// The `json_schema` member of a `json_schema` response format.
    public struct JSONSchemaFormat: Codable, Sendable, Hashable {
        /// The schema's name.
        public var name: String
        /// What the answer is for; guides the model.
        public var description: String?
        /// The JSON Schema the answer must match.
        public var schema: JSONValue?
        /// Whether the schema is enforced exactly.
        public var strict: Bool?

        /// Creates a schema format.
        public init(name: String, description: String? = nil, schema: JSONValue?, strict: Bool?) {
            self.name = name
            self.description = description
            self.schema = schema
            self.strict = strict
        }
    }
}
