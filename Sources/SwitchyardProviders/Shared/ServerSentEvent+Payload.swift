import SwitchyardCore

extension ServerSentEvent {
    /// The event's data as UTF-8 bytes without leading or trailing whitespace: the JSON payload (or `[DONE]`) a
    /// stream decoder reads, found without Foundation's string machinery.
    var payload: ArraySlice<UInt8> {
        let bytes = Array(data.utf8)
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else {
            return []
        }
        return bytes[first...last]
    }
}

extension Collection<UInt8> {
    /// Whether `needle` occurs somewhere in these bytes.
    func contains(bytes needle: some Collection<UInt8>) -> Bool {
        guard let head = needle.first else { return true }
        var start = startIndex
        while let candidate = self[start...].firstIndex(of: head) {
            if self[candidate...].starts(with: needle) { return true }
            start = index(after: candidate)
        }
        return false
    }
}
