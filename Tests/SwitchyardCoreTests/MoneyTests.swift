import SwitchyardCore
import Testing

@Suite("Money and prices")
struct MoneyTests {
    @Test("Decimal dollar amounts parse exactly", arguments: [
        ("0.30", Int64(300_000_000)),
        ("15", 15_000_000_000),
        ("0.01875", 18_750_000),
        ("3.75", 3_750_000_000),
        (".5", 500_000_000),
        ("0.000000001", 1),
    ])
    func parsesExactly(text: String, nanodollars: Int64) {
        #expect(Money(decimalDollars: text)?.nanodollars == nanodollars)
    }

    @Test("Malformed amounts are refused", arguments: ["", "-1", "1e3", "0.1234567891", "abc", "1.2.3", "."])
    func refusesMalformed(text: String) {
        #expect(Money(decimalDollars: text) == nil)
    }

    @Test("Amounts print with nine decimals")
    func prints() {
        #expect(Money(nanodollars: 1_234_567_890).description == "1.234567890")
        #expect(Money(nanodollars: 42).description == "0.000000042")
    }

    @Test("Cost charges each token kind at its own price")
    func costPerKind() throws {
        // Claude Sonnet list prices: input $3, output $15, cache read $0.30, 5-minute write $3.75, 1-hour write $6.
        let price = ModelPrice(
            input: try #require(Money(decimalDollars: "3")),
            output: try #require(Money(decimalDollars: "15")),
            cacheRead: try #require(Money(decimalDollars: "0.30")),
            cacheWrite: try #require(Money(decimalDollars: "3.75")),
            cacheWrite1h: try #require(Money(decimalDollars: "6"))
        )
        let usage = Usage(inputTokens: 1_000, cacheReadTokens: 10_000, cacheWriteTokens: 2_000, cacheWrite1hTokens: 500, outputTokens: 300)
        // 1000×3 + 10000×0.30 + 2000×3.75 + 500×6 + 300×15 = 3000 + 3000 + 7500 + 3000 + 4500 = 21000 µ$ per million
        // → $0.021 = 21,000,000 nanodollars.
        #expect(price.cost(of: usage) == Money(nanodollars: 21_000_000))
    }

    @Test("Unpriced kinds fall back to the input and output prices")
    func costFallbacks() throws {
        let price = ModelPrice(input: try #require(Money(decimalDollars: "2")), output: try #require(Money(decimalDollars: "8")))
        let usage = Usage(inputTokens: 100, cacheReadTokens: 100, cacheWriteTokens: 100, outputTokens: 100, reasoningTokens: 40)
        // 300 input-priced tokens × $2/M + 100 output tokens × $8/M = $0.0006 + $0.0008 = $0.0014.
        #expect(price.cost(of: usage) == Money(nanodollars: 1_400_000))
    }

    @Test("Cost rounds once, half up, to a nanodollar")
    func costRounding() throws {
        let price = ModelPrice(input: try #require(Money(decimalDollars: "0.01875")), output: .zero)
        #expect(price.cost(of: Usage(inputTokens: 1)) == Money(nanodollars: 19))
        #expect(price.cost(of: Usage(inputTokens: 2)) == Money(nanodollars: 38))
    }
}
