/// Whether and how much the model may reason before answering.
public struct ThinkingConfiguration: Sendable, Hashable {
    /// The token budget for reasoning; `nil` lets the provider choose.
    public var budgetTokens: Int?
    /// OpenAI-style effort (`minimal`, `low`, `medium`, `high`), when the client spoke in those terms.
    public var effort: String?

    /// Creates a reasoning configuration; leave both `nil` to let the provider choose.
    public init(budgetTokens: Int? = nil, effort: String? = nil) {
        self.budgetTokens = budgetTokens
        self.effort = effort
    }
}
