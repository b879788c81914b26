import HTTPTypes

extension HTTPField.Name {
    // These literals are valid header names; the force is checked by every test that sends a request.
    static let switchyardRequestID = HTTPField.Name("x-switchyard-request-id")!
    static let switchyardProvider = HTTPField.Name("x-switchyard-provider")!
    static let switchyardAttempts = HTTPField.Name("x-switchyard-attempts")!
    static let switchyardOverhead = HTTPField.Name("x-switchyard-overhead-ms")!
    static let switchyardRoute = HTTPField.Name("x-switchyard-route")!
    static let switchyardAgent = HTTPField.Name("x-switchyard-agent")!
    static let switchyardSession = HTTPField.Name("x-switchyard-session")!
    static let xAPIKey = HTTPField.Name("x-api-key")!
    static let anthropicVersion = HTTPField.Name("anthropic-version")!

    /// Headers that carry credentials, never passed on to routing rules or logs.
    static let credentials: Set<HTTPField.Name> = [.authorization, .xAPIKey, .cookie, .proxyAuthorization]
}
