/// What a model charges, per million tokens of each kind.
///
/// A kind with no price is charged at the nearest sensible one: cache writes at the input price, reasoning at
/// the output price, cache reads at the input price.
public struct ModelPrice: Sendable, Hashable {
    /// The price of fresh input tokens.
    public var input: Money
    /// The price of output tokens.
    public var output: Money
    /// The price of input tokens read from a prompt cache; `nil` charges ``input``.
    public var cacheRead: Money?
    /// The price of input tokens written to a five-minute prompt cache; `nil` charges ``input``.
    public var cacheWrite: Money?
    /// The price of input tokens written to a one-hour prompt cache; `nil` charges ``cacheWrite``, then ``input``.
    public var cacheWrite1h: Money?
    /// The price of reasoning tokens; `nil` charges ``output``.
    public var reasoning: Money?

    /// Creates a price list; the optional kinds fall back as their properties say.
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
