import SwitchyardCore

/// The known fields of an object a wire type's scanner has read so far: a known field given twice is left to
/// `JSONDecoder` (which keeps the first, and would say so in its error if anything were wrong).
struct ScannedFields {
    private var seen: UInt32 = 0

    /// Notes the first appearance of field `number` (0 to 31, each field of one object its own); throws
    /// ``JSONScanMismatch`` at a second.
    mutating func first(_ number: UInt32) throws {
        let bit: UInt32 = 1 << number
        guard seen & bit == 0 else { throw JSONScanMismatch() }
        seen |= bit
    }

    /// Whether field `number` has been read: for a required field, which only `JSONDecoder` may say is missing.
    func contains(_ number: UInt32) -> Bool {
        seen & (1 << number) != 0
    }
}
