import SwitchyardCore
import SwitchyardEngine
import Testing

@Suite("Payload capture")
struct PayloadCaptureTests {
    static let body = #"{"messages":[{"role":"user","content":"I am ann@example.com, key sk-ant-api03-abcdefghijklmnopqrst"}]}"#

    @Test("Each mode keeps what it promises")
    func modes() {
        let capture = PayloadCapture(maximumBytes: 1_000)
        #expect(capture.capture(Self.body, mode: .none) == nil)
        #expect(capture.capture(Self.body, mode: .metadata) == nil)
        #expect(capture.capture(Self.body, mode: .full) == Self.body)
        #expect(
            capture.capture(Self.body, mode: .redacted)
                == #"{"messages":[{"role":"user","content":"I am [REDACTED:EMAIL], key [REDACTED:API_KEY]"}]}"#
        )
    }

    @Test("A payload over the cap is cut and the cut is marked")
    func cap() {
        let capture = PayloadCapture(maximumBytes: 10)
        #expect(capture.truncated("0123456789") == "0123456789", "exactly the cap is kept whole")
        #expect(capture.truncated("0123456789A") == "0123456789" + PayloadCapture.truncationMarker(keptBytes: 10, totalBytes: 11))
        #expect(PayloadCapture.truncationMarker(keptBytes: 10, totalBytes: 11) == "…[TRUNCATED: 10 of 11 bytes kept]")
    }

    @Test("A cut never splits a UTF-8 character", arguments: 0...12)
    func utf8Boundary(_ cap: Int) throws {
        // "aé🚂b": a (1 byte), é (2), 🚂 (4), b (1), then more.
        let text = "aé🚂bcdefgh"
        let cut = PayloadCapture(maximumBytes: cap).truncated(text)
        let kept = try #require(cut.components(separatedBy: "…[TRUNCATED").first)
        #expect(kept.utf8.count <= cap)
        #expect(text.hasPrefix(kept))
        let longestFit = [0, 1, 3, 7, 8, 9, 10, 11, 12, 13, 14].last { $0 <= cap }!
        #expect(kept.utf8.count == longestFit)
    }

    @Test("Redaction runs before the cut, so a secret across the cap is masked, not half kept")
    func redactsBeforeCutting() {
        let secret = "sk-proj-abcdefghijklmnopqrstuvwxyz"
        let text = "key " + secret
        let cut = PayloadCapture(maximumBytes: 12).capture(text, mode: .redacted)
        #expect(cut?.hasPrefix("key [REDACTE…[TRUNCATED") == true)
        #expect(cut?.contains("sk-proj") == false)
        let full = PayloadCapture(maximumBytes: 12).capture(text, mode: .full)
        #expect(full?.hasPrefix("key sk-proj-") == true)
    }
}
