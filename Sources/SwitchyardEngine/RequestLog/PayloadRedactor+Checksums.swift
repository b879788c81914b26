extension PayloadRedactor {
    /// The check digits that tell a card number or an IBAN from any other run of digits.
    enum Checksums {
        /// Whether `text` (digits, maybe grouped by spaces or hyphens) is a payment-card number: 13–19 digits, the
        /// prefix of a card network (American Express, Diners, JCB, Visa, Mastercard, Discover, UnionPay, Maestro)
        /// and a valid Luhn check digit.
        @Sendable
        static func isCardNumber(_ text: Substring) -> Bool {
            let digits = text.compactMap(\.wholeNumberValue)
            guard (13...19).contains(digits.count), hasCardNetworkPrefix(digits) else { return false }
            var sum = 0
            for (index, digit) in digits.reversed().enumerated() {
                if index % 2 == 1 {
                    let doubled = digit * 2
                    sum += doubled > 9 ? doubled - 9 : doubled
                } else {
                    sum += digit
                }
            }
            return sum % 10 == 0
        }

        private static func hasCardNetworkPrefix(_ digits: [Int]) -> Bool {
            let two = digits[0] * 10 + digits[1]
            let four = two * 100 + digits[2] * 10 + digits[3]
            switch digits[0] {
            case 4: return true  // Visa
            case 5: return (51...55).contains(two) || two == 50 || (56...58).contains(two)  // Mastercard, Maestro
            case 2: return (2221...2720).contains(four)  // Mastercard
            case 3: return (34...39).contains(two) || (300...305).contains(four / 10)  // Amex, JCB, Diners
            case 6: return true  // Discover, UnionPay, Maestro
            default: return false
            }
        }

        /// Whether `text` (maybe grouped by spaces) is an IBAN: 15–34 characters whose mod-97 check is 1.
        @Sendable
        static func isIBAN(_ text: Substring) -> Bool {
            let characters = text.filter { $0 != " " }
            guard (15...34).contains(characters.count) else { return false }
            let rearranged = characters.dropFirst(4) + characters.prefix(4)
            var remainder = 0
            for character in rearranged {
                if let digit = character.wholeNumberValue, character.isASCII {
                    remainder = (remainder * 10 + digit) % 97
                } else if let ascii = character.asciiValue, (65...90).contains(ascii) {
                    remainder = (remainder * 100 + Int(ascii) - 55) % 97
                } else {
                    return false
                }
            }
            return remainder == 1
        }
    }
}
