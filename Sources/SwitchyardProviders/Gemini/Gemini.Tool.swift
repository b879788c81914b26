import SwitchyardCore

extension Gemini {
    /// A set of functions the model may call.
    public struct Tool: Codable, Sendable, Hashable {
        /// The functions, each with an OpenAPI-subset parameter schema.
        public var functionDeclarations: [FunctionDeclaration]

        /// Creates a tool entry.
        public init(functionDeclarations: [FunctionDeclaration]) {
            self.functionDeclarations = functionDeclarations
        }
    }

    /// One callable function.
    public struct FunctionDeclaration: Codable, Sendable, Hashable {
        /// The function's name (letters, digits, underscores, dots and dashes; at most 64).
        public var name: String
        /// What the function does, for the model.
        public var description: String?
        /// The arguments object, as Gemini's OpenAPI 3.0 schema subset (see ``Gemini/SchemaConverter``);
        /// omitted for functions that take no arguments.
        public var parameters: JSONValue?

        /// Creates a function declaration.
        public init(name: String, description: String? = nil, parameters: JSONValue? = nil) {
            self.name = name
            self.description = description
            self.parameters = parameters
        }
    }
}
