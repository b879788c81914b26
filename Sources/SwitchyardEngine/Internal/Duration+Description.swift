extension Duration {
    /// Seconds with one decimal, such as `2.5 s`, for error messages.
    var secondsDescription: String {
        let (seconds, attoseconds) = components
        let tenths = Int64(max(0, seconds)) * 10 + attoseconds / 100_000_000_000_000_000
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
