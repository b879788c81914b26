import SwitchyardCore

extension ServerSentEvent {
    /// The event in `text/event-stream` form, terminated by a blank line.
    public var encoded: [UInt8] {
        var text = ""
        if let id { text += "id: \(id)\n" }
        if let event { text += "event: \(event)\n" }
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line)\n"
        }
        text += "\n"
        return Array(text.utf8)
    }
}
