import SwitchyardCore

extension JSONScanner {
    /// Reads an object of which only the member `name` is known — `stream_options`, request `metadata`, the usage
    /// details — reading that member with `read` and skipping the rest: `make` of the member's value (`nil` when it
    /// is absent), or `nil` for `null`.
    ///
    /// - Throws: ``JSONScanMismatch`` when the member is given twice, or what `read` throws.
    mutating func objectWithOneMember<Member, Result>(
        _ name: StaticString,
        _ read: (inout JSONScanner) throws -> Member?,
        make: (Member?) -> Result
    ) throws -> Result? {
        var member: Member?
        var seen = ScannedFields()
        let isObject = try object { key, scanner in
            if name ~= key {
                try seen.first(0)
                member = try read(&scanner)
            } else {
                try scanner.skipValue()
            }
        }
        return isObject ? make(member) : nil
    }
}
