import Crypto

/// Virtual-key secrets: how they are made and how they are hashed for storage; and the random ids of keys and quotas.
public enum KeySecret {
    /// The prefix every Switchyard secret starts with, so leaked keys are easy to recognise and scan for.
    public static let prefix = "sy-"

    /// A new random secret: the prefix and 48 hex digits (192 bits from the system's secure generator).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + randomHex(byteCount: 24, using: &generator)
    }

    /// A new random key id, such as `key_3f9a0c…`.
    public static func generateID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "key_" + randomHex(byteCount: 8, using: &generator)
    }

    /// A new random quota id, such as `quota_5c1e07…`, for quotas created through the admin API or with a key.
    public static func generateQuotaID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "quota_" + randomHex(byteCount: 8, using: &generator)
    }

    /// Lowercase hex SHA-256 of a secret: what the store keeps.
    public static func hash(_ secret: String) -> String {
        hex(SHA256.hash(data: Array(secret.utf8)))
    }

    /// The part of a secret shown in listings: the prefix and four more characters.
    public static func displayPrefix(of secret: String) -> String {
        String(secret.prefix(prefix.count + 4))
    }

    private static func randomHex(byteCount: Int, using generator: inout some RandomNumberGenerator) -> String {
        hex((0..<byteCount).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef")
        var text = ""
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
