import SwitchyardCore

extension OpenAI {
    /// One entry of `tools`: `{"type": "function", "function": {…}}`.
    public struct Tool: Codable, Sendable, Hashable {
        /// `function` (the only type Chat Completions tools take that Switchyard serves).
        public var type: String
        /// The function's definition.
        public var function: FunctionDefinition?

        /// Creates a function tool.
        public init(function: FunctionDefinition) {
            self.type = "function"
            self.function = function
        }
    }

    /// A function the model may call.
    public struct FunctionDefinition: Codable, Sendable, Hashable {
        /// The function's name.
        public var name: String
        /// What the function does; guides the model.
        public var description: String?
        /// The JSON Schema of the arguments object; absent means no arguments.
        public var parameters: JSONValue?
        /// Whether the arguments must match ``parameters`` exactly.
        public var strict: Bool?

        /// Creates a function definition.
        public init(name: String, description: String? = nil, parameters: JSONValue? = nil, strict: Bool? = nil) {
            self.name = name
            self.description = description
            self.parameters = parameters
            self.strict = strict
        }
    }

    /// `tool_choice`: `"auto"`, `"none"`, `"required"` or `{"type": "function", "function": {"name": …}}`.
    public enum ToolChoice: Codable, Sendable, Hashable {
        /// The model decides.
        case auto
        /// The model must not call a tool.
        case none
        /// The model must call at least one tool.
        case required
        /// The model must call this function.
        case function(name: String)

        private struct NamedFunction: Codable {
            var name: String
        }

        enum CodingKeys: String, CodingKey {
            case type, function
        }

        /// Decodes a mode string or a function object; other modes and types are refused.
        public init(from decoder: any Decoder) throws {
            if let single = try? decoder.singleValueContainer(), let mode = try? single.decode(String.self) {
                switch mode {
                case "auto": self = .auto
                case "none": self = .none
                case "required": self = .required
                default:
                    throw DecodingError.dataCorruptedError(
                        in: single,
                        debugDescription: "`\(mode)` is not supported; expected `auto`, `none`, `required` or a function object."
                    )
                }
                return
            }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let type = try container.decode(String.self, forKey: .type)
            guard type == "function" else {
                throw DecodingError.dataCorruptedError(
                    forKey: .type,
                    in: container,
                    debugDescription: "`\(type)` is not supported; expected `function`."
                )
            }
            self = .function(name: try container.decode(NamedFunction.self, forKey: .function).name)
        }

        /// Encodes a mode as its string and a function as `{"type": "function", "function": {"name"}}`.
        public func encode(to encoder: any Encoder) throws {
            let mode: String
            switch self {
            case .auto: mode = "auto"
            case .none: mode = "none"
            case .required: mode = "required"
            case .function(let name):
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode("function", forKey: .type)
                try container.encode(NamedFunction(name: name), forKey: .function)
                return
            }
            var container = encoder.singleValueContainer()
            try container.encode(mode)
        }
    }

    /// A function call an assistant made: `{"id", "type": "function", "function": {"name", "arguments"}}`.
    public struct ToolCall: Codable, Sendable, Hashable {
        /// The call id a `tool` message answers.
        public var id: String?
        /// `function`.
        public var type: String?
        /// The function and its arguments.
        public var function: FunctionCall

        /// Creates a function call.
        public init(id: String, function: FunctionCall) {
            self.id = id
            self.type = "function"
            self.function = function
        }
    }

    /// The function of a ``ToolCall``.
    public struct FunctionCall: Codable, Sendable, Hashable {
        /// The function's name.
        public var name: String
        /// The arguments: documented as a string of JSON; some compatible servers send the object itself.
        public var arguments: JSONValue

        /// Creates a call with its arguments as a JSON string.
        public init(name: String, arguments: String) {
            self.name = name
            self.arguments = .string(arguments)
        }
    }
}
