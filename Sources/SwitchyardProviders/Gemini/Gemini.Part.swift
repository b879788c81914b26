import SwitchyardCore

extension Gemini {
    /// One piece of a turn. Exactly one data field (`text`, `inlineData`, `fileData`, `functionCall`,
    /// `functionResponse`) is set; `thought` and `thoughtSignature` may accompany it.
    public struct Part: Codable, Sendable, Hashable {
        /// Plain text, or a thought summary when ``thought`` is true.
        public var text: String?
        /// Marks the part as the model's reasoning (a thought summary) rather than its answer.
        public var thought: Bool?
        /// Opaque reasoning state attached to this part; must be sent back verbatim on the next turn.
        public var thoughtSignature: String?
        /// Inline bytes, base64-encoded.
        public var inlineData: Blob?
        /// Bytes referenced by URI.
        public var fileData: FileData?
        /// A call the model asks the client to make.
        public var functionCall: FunctionCall?
        /// The client's answer to a ``FunctionCall``.
        public var functionResponse: FunctionResponse?

        /// Creates a part; set exactly one data field.
        public init(
            text: String? = nil,
            thought: Bool? = nil,
            thoughtSignature: String? = nil,
            inlineData: Blob? = nil,
            fileData: FileData? = nil,
            functionCall: FunctionCall? = nil,
            functionResponse: FunctionResponse? = nil
        ) {
            self.text = text
            self.thought = thought
            self.thoughtSignature = thoughtSignature
            self.inlineData = inlineData
            self.fileData = fileData
            self.functionCall = functionCall
            self.functionResponse = functionResponse
        }
    }

    /// Raw media bytes given inline (`inlineData`).
    public struct Blob: Codable, Sendable, Hashable {
        /// The IANA media type, such as `image/png`.
        public var mimeType: String
        /// The bytes, base64-encoded.
        public var data: String

        /// Creates an inline blob.
        public init(mimeType: String, data: String) {
            self.mimeType = mimeType
            self.data = data
        }
    }

    /// Media referenced by URI (`fileData`).
    public struct FileData: Codable, Sendable, Hashable {
        /// The IANA media type, when known.
        public var mimeType: String?
        /// The file's URI (a Files API URI or a public URL).
        public var fileUri: String

        /// Creates a file reference.
        public init(mimeType: String? = nil, fileUri: String) {
            self.mimeType = mimeType
            self.fileUri = fileUri
        }
    }

    /// A function call predicted by the model.
    public struct FunctionCall: Codable, Sendable, Hashable {
        /// The call's id, when the model gave one; a ``FunctionResponse`` echoes it.
        public var id: String?
        /// The name of the declared function.
        public var name: String
        /// The arguments, as a JSON object.
        public var args: JSONValue?

        /// Creates a function call.
        public init(id: String? = nil, name: String, args: JSONValue? = nil) {
            self.id = id
            self.name = name
            self.args = args
        }
    }

    /// The result of a ``FunctionCall``, sent back by the client.
    public struct FunctionResponse: Codable, Sendable, Hashable {
        /// The id of the call this answers, when the call had one.
        public var id: String?
        /// The name of the function that was called.
        public var name: String
        /// The result as a JSON object; by convention `{"result": …}` on success and `{"error": …}` on failure.
        public var response: JSONValue

        /// Creates a function response.
        public init(id: String? = nil, name: String, response: JSONValue) {
            self.id = id
            self.name = name
            self.response = response
        }
    }
}
