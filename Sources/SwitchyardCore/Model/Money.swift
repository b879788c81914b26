/// An amount of US dollars as an integer count of nanodollars (10⁻⁹ USD). Never a floating-point type.
///
/// Nanodollars keep per-token prices exact: $0.30 per million tokens is 300 nanodollars a token.
public struct Money: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in nanodollars (10⁻⁹ USD).
    public var nanodollars: Int64

    /// Creates an amount of `nanodollars` nanodollars.
    public init(nanodollars: Int64) {
        self.nanodollars = nanodollars
    }

    /// Nothing.
    public static let zero = Money(nanodollars: 0)

    /// Parses a decimal dollar amount such as `"0.30"` or `"15"` exactly, with up to nine decimal places.
    ///
    /// Returns `nil` for anything else (negative amounts, exponents, more than nine decimals).
    public init?(decimalDollars text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty || parts.count == 2,
            whole.allSatisfy(\.isASCIIDigit)
        else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 9, fraction.allSatisfy(\.isASCIIDigit), !(whole.isEmpty && fraction.isEmpty) else { return nil }
        let paddedFraction = fraction + String(repeating: "0", count: 9 - fraction.count)
        guard let wholeValue = Int64(whole.isEmpty ? "0" : String(whole)), let fractionValue = Int64(paddedFraction) else {
            return nil
        }
        let (scaled, overflow) = wholeValue.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        self.nanodollars = scaled + fractionValue
    }

    /// The sum of two amounts.
    public static func + (lhs: Money, rhs: Money) -> Money {
        Money(nanodollars: lhs.nanodollars + rhs.nanodollars)
    }

    /// Whether `lhs` is the smaller amount.
    public static func < (lhs: Money, rhs: Money) -> Bool {
        lhs.nanodollars < rhs.nanodollars
    }

    /// The amount as a decimal dollar string with nine decimals, such as `0.000123000`.
    public var description: String {
        let sign = nanodollars < 0 ? "-" : ""
        let magnitude = nanodollars.magnitude
        let fraction = String(magnitude % 1_000_000_000)
        return "\(sign)\(magnitude / 1_000_000_000).\(String(repeating: "0", count: 9 - fraction.count))\(fraction)"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool {
        ("0"..."9").contains(self)
    }
}
