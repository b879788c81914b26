import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("Gemini error decoding")
struct GeminiErrorTests {
    let translator = Gemini.GenerateContentTranslator()

    @Test("429 RESOURCE_EXHAUSTED takes its wait from the RetryInfo detail")
    func resourceExhaustedWithRetryDelay() throws {
        let error = translator.decodeError(status: 429, headers: [], body: try GeminiFixture.bytes("error-429-resource-exhausted"))
        #expect(error.code == .rateLimited)
        #expect(error.upstreamStatus == 429)
        #expect(error.upstreamType == "RESOURCE_EXHAUSTED")
        #expect(error.retryAfter == .seconds(17))
        #expect(error.isRetryable)
        #expect(error.stage == .provider)
        #expect(error.message.hasPrefix("You exceeded your current quota"))
    }

    @Test("A Retry-After header wins over the RetryInfo detail")
    func retryAfterHeaderWins() throws {
        let error = translator.decodeError(
            status: 429,
            headers: [(name: "Retry-After", value: "5")],
            body: try GeminiFixture.bytes("error-429-resource-exhausted")
        )
        #expect(error.retryAfter == .seconds(5))
    }

    @Test("400 INVALID_ARGUMENT keeps Google's message and is not retryable")
    func invalidArgument() throws {
        let error = translator.decodeError(status: 400, headers: [], body: try GeminiFixture.bytes("error-400-invalid-argument"))
        #expect(error.code == .upstreamError)
        #expect(error.upstreamStatus == 400)
        #expect(error.upstreamType == "INVALID_ARGUMENT")
        #expect(error.message.contains("should be non-empty for OBJECT type"))
        #expect(error.retryAfter == nil)
        #expect(!error.isRetryable)
    }

    @Test("400 saying the input token count exceeds the limit is a context-window error (array envelope form)")
    func tokenLimit() throws {
        let error = translator.decodeError(status: 400, headers: [], body: try GeminiFixture.bytes("error-400-token-limit"))
        #expect(error.code == .contextWindowExceeded)
        #expect(error.upstreamStatus == 400)
        #expect(error.upstreamType == "INVALID_ARGUMENT")
        #expect(error.message == "The input token count (1200293) exceeds the maximum number of tokens allowed (1048576).")
        #expect(!error.isRetryable)
    }

    @Test("A body that is not Google's envelope still yields the status and the text")
    func plainTextBody() {
        let error = translator.decodeError(status: 503, headers: [], body: Array("upstream connect error\n".utf8))
        #expect(error.code == .upstreamUnavailable)
        #expect(error.message == "upstream connect error")
        #expect(error.upstreamType == nil)
        #expect(error.isRetryable)
    }
}
