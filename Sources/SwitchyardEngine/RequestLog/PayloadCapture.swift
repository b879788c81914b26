import SwitchyardCore

/// Applies a capture mode and the size cap to a payload, giving what the request log keeps.
///
/// ```swift
/// let capture = PayloadCapture(maximumBytes: 65_536)
/// entry.requestBody = capture.capture(body, mode: .redacted)   // nil for `none` and `metadata`
/// ```
///
/// Redaction runs before the cut, so a secret that straddles the cap is masked, not half kept. A cut falls on a
/// UTF-8 character boundary and is marked with ``truncationMarker(keptBytes:totalBytes:)``.
public struct PayloadCapture: Sendable {
    /// The most payload bytes kept; the marker comes on top.
    public var maximumBytes: Int
    /// Masks personal data and secrets for ``RequestLogEntry/Capture/redacted``.
    public var redactor: PayloadRedactor

    /// Creates a capture helper.
    public init(maximumBytes: Int, redactor: PayloadRedactor = PayloadRedactor()) {
        self.maximumBytes = maximumBytes
        self.redactor = redactor
    }

    /// What the log keeps of `payload` under `mode`: `nil` for `none` and `metadata`; the masked payload for
    /// `redacted`; the payload for `full` — cut to ``maximumBytes`` in both cases.
    public func capture(_ payload: String, mode: RequestLogEntry.Capture) -> String? {
        switch mode {
        case .none, .metadata: nil
        case .redacted: truncated(redactor.redact(payload))
        case .full: truncated(payload)
        }
    }

    /// `text` when it fits in ``maximumBytes``; otherwise its longest prefix of whole UTF-8 characters that fits,
    /// followed by the truncation marker.
    public func truncated(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.count > maximumBytes else { return text }
        var end = bytes.index(bytes.startIndex, offsetBy: max(maximumBytes, 0))
        // Back off continuation bytes (10xxxxxx) so the cut never splits a character.
        while end > bytes.startIndex, bytes[end] & 0b1100_0000 == 0b1000_0000 {
            end = bytes.index(before: end)
        }
        let kept = bytes.distance(from: bytes.startIndex, to: end)
        return String(decoding: bytes[..<end], as: UTF8.self) + Self.truncationMarker(keptBytes: kept, totalBytes: bytes.count)
    }

    /// The text that ends a cut payload: `…[TRUNCATED: 65536 of 120000 bytes kept]`.
    public static func truncationMarker(keptBytes: Int, totalBytes: Int) -> String {
        "…[TRUNCATED: \(keptBytes) of \(totalBytes) bytes kept]"
    }
}
