import SwitchyardCore

extension MockUpstream {
    /// Everything a mock upstream needs to start: which API it speaks, where it listens, how it answers and
    /// which faults it injects.
    ///
    /// ```swift
    /// var configuration = MockUpstream.Configuration(provider: .anthropic)
    /// configuration.faults.status = 529
    /// configuration.faults.failFirst = 2
    /// ```
    public struct Configuration: Sendable {
        /// The wire format the mock speaks. Default routes: `.openAI` and `.openAICompatible` answer any
        /// `POST …/chat/completions`, `.anthropic` any `POST …/messages`, `.gemini` any
        /// `POST …/models/{model}:generateContent` or `…:streamGenerateContent`.
        public var provider: ProviderKind
        /// The interface to bind. Default `127.0.0.1`.
        public var host: String
        /// The port to bind; `0` (the default) picks a free one, readable from ``MockUpstream/Handle/port``.
        public var port: Int
        /// How the mock answers healthy requests. Changeable at runtime through the ``MockUpstream/Handle``.
        public var behavior: Behavior
        /// Faults injected into requests. Changeable at runtime through the ``MockUpstream/Handle``; a request
        /// may also carry its own in an `x-mock-fault` header (see ``MockUpstream/Faults/init(parsing:)``).
        public var faults: Faults
        /// Whether a request without a credential is refused with the provider's authentication error, as the
        /// real API does. Default `true`, except for `.openAICompatible` (local servers usually take no key).
        public var requiresAuthentication: Bool
        /// The one credential the mock accepts; `nil` (the default) accepts any non-empty one.
        public var apiKey: String?

        /// A configuration with the provider's default behaviour and no faults.
        public init(
            provider: ProviderKind,
            host: String = "127.0.0.1",
            port: Int = 0,
            behavior: Behavior? = nil,
            faults: Faults = Faults(),
            requiresAuthentication: Bool? = nil,
            apiKey: String? = nil
        ) {
            self.provider = provider
            self.host = host
            self.port = port
            self.behavior = behavior ?? Behavior(provider: provider)
            self.faults = faults
            self.requiresAuthentication = requiresAuthentication ?? (provider != .openAICompatible)
            self.apiKey = apiKey
        }
    }
}
