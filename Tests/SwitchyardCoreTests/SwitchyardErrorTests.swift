import SwitchyardCore
import Testing

@Suite("Upstream errors")
struct SwitchyardErrorTests {
    @Test("Retryable statuses are the documented ones", arguments: [
        (400, false), (401, false), (403, false), (404, false), (408, true), (409, true), (422, false),
        (429, true), (500, true), (502, true), (503, true), (504, true), (529, true),
    ])
    func retryable(status: Int, retryable: Bool) {
        #expect(SwitchyardError.upstream(status: status, message: "x").isRetryable == retryable)
    }

    @Test("Statuses map to codes")
    func codes() {
        #expect(SwitchyardError.upstream(status: 429, message: "x").code == .rateLimited)
        #expect(SwitchyardError.upstream(status: 529, message: "x").code == .upstreamUnavailable)
        #expect(SwitchyardError.upstream(status: 504, message: "x").code == .upstreamTimeout)
        #expect(SwitchyardError.upstream(status: 400, message: "x").code == .upstreamError)
    }
}
