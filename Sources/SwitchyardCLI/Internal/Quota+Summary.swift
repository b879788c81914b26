import SwitchyardCore

extension Quota {
    /// A few words for listings: `budget $12.50/month`, `budget 50000 tokens/total`, `60 requests/minute`.
    var summary: String {
        let amount: String
        if metric == .usd {
            // Nine decimals trimmed to what matters, keeping cents: 12.500000000 → 12.50.
            var text = Money(nanodollars: limit).description
            while text.hasSuffix("0"), text.split(separator: ".").last.map({ $0.count > 2 }) == true {
                text.removeLast()
            }
            amount = "$\(text)"
        } else {
            amount = "\(limit) \(metric.rawValue)"
        }
        return kind == .budget ? "budget \(amount)/\(window.rawValue)" : "\(amount)/\(window.rawValue)"
    }
}
