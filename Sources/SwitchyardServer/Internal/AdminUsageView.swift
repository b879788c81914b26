import SwitchyardCore

/// One row of `GET /admin/usage`: the grouped dimensions (null when the entries have none), the counts, the
/// tokens kind by kind and the cost as a decimal dollar string with nine decimals.
struct AdminUsageView: Encodable {
    let summary: UsageSummary
    let groupBy: [UsageQuery.Dimension]

    private struct Field: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { self.stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private struct Tokens: Encodable {
        let usage: Usage

        private enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case cacheReadTokens = "cache_read_tokens"
            case cacheWriteTokens = "cache_write_tokens"
            case cacheWrite1hTokens = "cache_write_1h_tokens"
            case outputTokens = "output_tokens"
            case reasoningTokens = "reasoning_tokens"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(usage.inputTokens, forKey: .inputTokens)
            try container.encode(usage.cacheReadTokens, forKey: .cacheReadTokens)
            try container.encode(usage.cacheWriteTokens, forKey: .cacheWriteTokens)
            try container.encode(usage.cacheWrite1hTokens, forKey: .cacheWrite1hTokens)
            try container.encode(usage.outputTokens, forKey: .outputTokens)
            try container.encode(usage.reasoningTokens, forKey: .reasoningTokens)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Field.self)
        for dimension in groupBy {
            try container.encode(summary.group[dimension], forKey: Field(dimension.rawValue))
        }
        try container.encode(summary.requests, forKey: Field("requests"))
        try container.encode(summary.errors, forKey: Field("errors"))
        try container.encode(Tokens(usage: summary.usage), forKey: Field("usage"))
        try container.encode(summary.cost.description, forKey: Field("cost_usd"))
    }
}
