@testable import SwitchyardEngine
import Testing

@Suite("Pooled transport: plain-HTTP URLs")
struct UpstreamURLTests {
    @Test("Host, port, target and Host header are taken apart")
    func parts() throws {
        let url = try #require(UpstreamURL(plainHTTP: "http://127.0.0.1:8080/v1/chat/completions?x=1#frag"))
        #expect(url.origin == .init(host: "127.0.0.1", port: 8080))
        #expect(url.target == "/v1/chat/completions?x=1")
        #expect(url.hostHeader == "127.0.0.1:8080")

        let bare = try #require(UpstreamURL(plainHTTP: "HTTP://vllm.internal"))
        #expect(bare.origin == .init(host: "vllm.internal", port: 80))
        #expect(bare.target == "/")
        #expect(bare.hostHeader == "vllm.internal")

        let query = try #require(UpstreamURL(plainHTTP: "http://h?a=b"))
        #expect(query.target == "/?a=b")

        let ipv6 = try #require(UpstreamURL(plainHTTP: "http://[::1]:9000/v1"))
        #expect(ipv6.origin == .init(host: "::1", port: 9000))
        #expect(ipv6.hostHeader == "[::1]:9000")
    }

    @Test("Anything else is left to the general client", arguments: [
        "https://api.openai.com/v1", "http://user:secret@host/v1", "http://", "http://:80/", "http://h:0/",
        "http://h:65536/", "http://h:8x/", "http://[::1/", "ftp://h/",
    ])
    func refused(url: String) {
        #expect(UpstreamURL(plainHTTP: url) == nil)
    }
}
