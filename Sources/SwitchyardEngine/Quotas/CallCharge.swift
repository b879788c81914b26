import SwitchyardCore

/// What a call counts against each metric: dollars (nanodollars), cost-weighted tokens, and one request.
struct CallCharge: Sendable, Hashable {
    /// Cost in nanodollars.
    var nanodollars: Int64
    /// Cost-weighted tokens.
    var weightedTokens: Int64

    /// The amount for one metric.
    func amount(for metric: Quota.Metric) -> Int64 {
        switch metric {
        case .usd: nanodollars
        case .tokens: weightedTokens
        case .requests: 1
        }
    }

    /// The charge for `usage` at `price`; an unpriced model costs nothing and counts its tokens unweighted.
    init(usage: Usage, price: ModelPrice?, outputWeight: Int) {
        if let price {
            nanodollars = price.cost(of: usage).nanodollars
            weightedTokens = price.weightedTokens(of: usage, outputWeight: outputWeight)
        } else {
            nanodollars = 0
            weightedTokens = Int64(usage.totalInputTokens) + Int64(usage.outputTokens) * Int64(outputWeight)
        }
    }

    /// The most a call can be charged: every input token at the dearest input price (fresh or cache write) and
    /// `maximumOutputTokens` at the dearest output price.
    static func worstCase(inputTokens: Int, maximumOutputTokens: Int, price: ModelPrice?, outputWeight: Int) -> CallCharge {
        let shapes = [
            Usage(inputTokens: inputTokens, outputTokens: maximumOutputTokens),
            Usage(cacheWriteTokens: inputTokens, outputTokens: maximumOutputTokens),
            Usage(cacheWrite1hTokens: inputTokens, outputTokens: maximumOutputTokens),
            Usage(inputTokens: inputTokens, outputTokens: maximumOutputTokens, reasoningTokens: maximumOutputTokens),
        ]
        let charges = shapes.map { CallCharge(usage: $0, price: price, outputWeight: outputWeight) }
        return CallCharge(
            nanodollars: charges.map(\.nanodollars).max() ?? 0,
            weightedTokens: charges.map(\.weightedTokens).max() ?? 0
        )
    }

    private init(nanodollars: Int64, weightedTokens: Int64) {
        self.nanodollars = nanodollars
        self.weightedTokens = weightedTokens
    }
}
