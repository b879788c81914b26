/// What a model charges, per million tokens of each kind.
///
/// A kind with no price is charged at the nearest sensible one: cache writes at the input price, reasoning at
/// the output price, cache reads at the input price.
public struct ModelPrice: Sendable, Hashable {
    public var input: Money
    public var output: Money
    public var cacheRead: Money?
    public var cacheWrite: Money?
    public var cacheWrite1h: Money?
    public var reasoning: Money?

    public init(
        input: Money,
        output: Money,
        cacheRead: Money? = nil,
        cacheWrite: Money? = nil,
        cacheWrite1h: Money? = nil,
        reasoning: Money? = nil
    ) {
        self.input = input
        self.output = output
        self.cacheRead = cacheRead
        self.cacheWrite = cacheWrite
        self.cacheWrite1h = cacheWrite1h
        self.reasoning = reasoning
    }

    /// The exact cost of `usage`: Σ tokens of each kind × that kind's price per million, rounded once, half up,
    /// to a whole nanodollar.
    public func cost(of usage: Usage) -> Money {
        let reasoningPrice = reasoning ?? output
        let plainOutput = usage.outputTokens - usage.reasoningTokens
        let terms: [(Int, Money)] = [
            (usage.inputTokens, input),
            (usage.cacheReadTokens, cacheRead ?? input),
            (usage.cacheWriteTokens, cacheWrite ?? input),
            (usage.cacheWrite1hTokens, cacheWrite1h ?? cacheWrite ?? input),
            (plainOutput, output),
            (usage.reasoningTokens, reasoningPrice),
        ]
        let perMillion = terms.reduce(Int64(0)) { sum, term in sum + Int64(term.0) * term.1.nanodollars }
        return Money(nanodollars: (perMillion + 500_000) / 1_000_000)
    }

    /// The price of one million input plus one million output tokens, for ordering models cheapest first.
    public var blendedPerMillion: Money {
        input + output
    }
}
