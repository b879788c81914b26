import SwitchyardCore
import SwitchyardProviders
import Testing

@Suite("Server-Sent Events")
struct ServerSentEventParserTests {
    @Test("Events split across arbitrary chunk boundaries parse the same", arguments: [1, 2, 3, 7, 64])
    func chunking(chunkSize: Int) {
        let text = "event: message_start\ndata: {\"a\":1}\n\n: keep-alive comment\n\nevent: ping\ndata: {}\n\ndata: line one\ndata: line two\n\n"
        let bytes = Array(text.utf8)
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        var index = 0
        while index < bytes.count {
            events += parser.feed(bytes[index..<min(index + chunkSize, bytes.count)])
            index += chunkSize
        }
        events += parser.finish()
        #expect(events == [
            ServerSentEvent(event: "message_start", data: #"{"a":1}"#),
            ServerSentEvent(event: "ping", data: "{}"),
            ServerSentEvent(data: "line one\nline two"),
        ])
    }

    @Test("CRLF and CR line endings are honoured, a CRLF split across chunks included", arguments: [1, 2, 3, 100])
    func lineEndings(chunkSize: Int) {
        let bytes = Array("data: a\r\n\r\ndata: b\r\rdata:c\n\ndata: d\r\n\r\n".utf8)
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for start in stride(from: 0, to: bytes.count, by: chunkSize) {
            events += parser.feed(bytes[start..<min(start + chunkSize, bytes.count)])
        }
        #expect(events.map(\.data) == ["a", "b", "c", "d"])
    }

    @Test("Bytes from a sequence without contiguous storage parse the same")
    func nonContiguousInput() {
        var parser = ServerSentEventParser()
        let events = parser.feed("event: ping\ndata: {}\n\n".utf8.lazy.map { $0 })
        #expect(events == [ServerSentEvent(event: "ping", data: "{}")])
    }

    @Test("A final event without its blank line is still delivered at the end")
    func unterminated() {
        var parser = ServerSentEventParser()
        #expect(parser.feed(Array("data: [DONE]".utf8)).isEmpty)
        #expect(parser.finish() == [ServerSentEvent(data: "[DONE]")])
    }

    @Test("Encoding then parsing gives the event back")
    func roundTrip() {
        let event = ServerSentEvent(event: "content_block_delta", data: "first\nsecond")
        var parser = ServerSentEventParser()
        #expect(parser.feed(event.encoded) == [event])
    }
}
