import SwitchyardCore

extension Gemini {
    /// Tool options shared by every tool in the request.
    public struct ToolConfig: Codable, Sendable, Hashable {
        /// How the model may call functions.
        public var functionCallingConfig: FunctionCallingConfig

        /// Creates a tool configuration.
        public init(functionCallingConfig: FunctionCallingConfig) {
            self.functionCallingConfig = functionCallingConfig
        }
    }

    /// The function-calling mode and the functions it allows.
    public struct FunctionCallingConfig: Codable, Sendable, Hashable {
        /// Whether the model may, must or must not call a function.
        public enum Mode: String, Codable, Sendable, Hashable {
            /// The model decides between text and a function call.
            case auto = "AUTO"
            /// The model must call a function (one of ``allowedFunctionNames`` when given).
            case any = "ANY"
            /// The model must not call a function.
            case none = "NONE"
        }

        /// The calling mode.
        public var mode: Mode
        /// With ``Mode/any``: the only functions the model may call.
        public var allowedFunctionNames: [String]?

        /// Creates a function-calling configuration.
        public init(mode: Mode, allowedFunctionNames: [String]? = nil) {
            self.mode = mode
            self.allowedFunctionNames = allowedFunctionNames
        }
    }
}
