/// Writing a JSON array by hand: `[`, the elements with a comma between each, `]`.
enum JSONArray {
    /// Writes `elements` as a JSON array, each by `writeElement`; `false` as soon as an element cannot be written
    /// (it holds a number that is not finite), the text then unfinished.
    static func write<Elements: Sequence>(
        _ elements: Elements,
        to bytes: inout [UInt8],
        _ writeElement: (Elements.Element, inout [UInt8]) -> Bool
    ) -> Bool {
        bytes.append(UInt8(ascii: "["))
        var isFirst = true
        for element in elements {
            if !isFirst { bytes.append(UInt8(ascii: ",")) }
            isFirst = false
            guard writeElement(element, &bytes) else { return false }
        }
        bytes.append(UInt8(ascii: "]"))
        return true
    }
}
