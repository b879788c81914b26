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

extension ModelPrice {
    /// Cost-weighted tokens, for token quotas: fresh input + cache reads × (read price ÷ input price) + cache
    /// writes × (write price ÷ input price) + output × `outputWeight`, rounded up to a whole token.
    ///
    /// A cache read that costs a tenth of an input token counts as a tenth of a token, so a token quota follows
    /// what the tokens cost rather than how many there were. A model with a zero input price counts every input
    /// token as one.
    public func weightedTokens(of usage: Usage, outputWeight: Int = 1) -> Int64 {
        let inputPrice = input.nanodollars
        guard inputPrice > 0 else {
            return Int64(usage.totalInputTokens) + Int64(usage.outputTokens) * Int64(outputWeight)
        }
        let weightedInput =
            Int64(usage.inputTokens) * inputPrice
            + Int64(usage.cacheReadTokens) * (cacheRead ?? input).nanodollars
            + Int64(usage.cacheWriteTokens) * (cacheWrite ?? input).nanodollars
            + Int64(usage.cacheWrite1hTokens) * (cacheWrite1h ?? cacheWrite ?? input).nanodollars
        let inputTokens = (weightedInput + inputPrice - 1) / inputPrice
        return inputTokens + Int64(usage.outputTokens) * Int64(outputWeight)
    }

    /// The dearer price of each kind of the two, for reserving the worst case before the deployment is known.
    public func maximum(_ other: ModelPrice) -> ModelPrice {
        ModelPrice(
            input: max(input, other.input),
            output: max(output, other.output),
            cacheRead: max(cacheRead ?? input, other.cacheRead ?? other.input),
            cacheWrite: max(cacheWrite ?? input, other.cacheWrite ?? other.input),
            cacheWrite1h: max(cacheWrite1h ?? cacheWrite ?? input, other.cacheWrite1h ?? other.cacheWrite ?? other.input),
            reasoning: max(reasoning ?? output, other.reasoning ?? other.output)
        )
    }
}
