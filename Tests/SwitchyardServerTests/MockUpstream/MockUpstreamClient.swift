import AsyncHTTPClient
import Foundation
import NIOCore
import SwitchyardCore
import SwitchyardProviders
import SwitchyardTesting

/// A plain HTTP client for the mock-upstream tests: posts a body, collects the answer.
struct MockUpstreamClient {
    /// One complete answer.
    struct Answer {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        var json: JSONValue {
            get throws { try JSONValue(parsing: String(decoding: body, as: UTF8.self)) }
        }

        /// The body read as Server-Sent Events.
        var events: [ServerSentEvent] {
            var parser = ServerSentEventParser()
            return parser.feed(body) + parser.finish()
        }

        /// The `data` of every event, parsed as JSON (events whose data is `[DONE]` are left out).
        var eventPayloads: [JSONValue] {
            get throws { try events.filter { $0.data != "[DONE]" }.map { try JSONValue(parsing: $0.data) } }
        }
    }

    var client: HTTPClient = .shared

    /// Posts `body` to `url` with `headers`.
    func post(_ url: String, headers: [(String, String)] = [], body: String) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: .seconds(10))
        let collected = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return Answer(
            status: Int(response.status.code),
            headers: response.headers.map { (name: $0.name, value: $0.value) },
            body: Array(buffer: collected)
        )
    }
}

/// Request bodies and headers the tests send, one provider at a time.
enum MockUpstreamFixtures {
    static let openAIHeaders = [("authorization", "Bearer sk-test")]
    static let anthropicHeaders = [("x-api-key", "sk-ant-test"), ("anthropic-version", "2023-06-01")]
    static let geminiHeaders = [("x-goog-api-key", "gemini-test")]

    static let weatherSchema = #"""
        {"type":"object","required":["location","unit","days"],
         "properties":{"location":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"days":{"type":"integer"}}}
        """#

    static func openAIChat(stream: Bool = false, includeUsage: Bool = false, tools: Bool = false) -> String {
        var fields = [#""model":"gpt-4o-mini""#, #""messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]"#]
        if stream { fields.append(#""stream":true"#) }
        if includeUsage { fields.append(#""stream_options":{"include_usage":true}"#) }
        if tools {
            fields.append(#""tools":[{"type":"function","function":{"name":"get_weather","parameters":\#(weatherSchema)}}]"#)
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func anthropicMessages(stream: Bool = false, tools: Bool = false) -> String {
        var fields = [#""model":"claude-haiku-4-5""#, #""max_tokens":256"#, #""messages":[{"role":"user","content":"Hi"}]"#]
        if stream { fields.append(#""stream":true"#) }
        if tools { fields.append(#""tools":[{"name":"get_weather","input_schema":\#(weatherSchema)}]"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func geminiContents(tools: Bool = false) -> String {
        var fields = [#""contents":[{"role":"user","parts":[{"text":"Hi"}]}]"#]
        if tools { fields.append(#""tools":[{"functionDeclarations":[{"name":"get_weather","parameters":\#(weatherSchema)}]}]"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

extension JSONValue {
    /// The element at `index` of an array, or `nil`.
    func mockItem(_ index: Int) -> JSONValue? {
        guard let elements = arrayValue, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}
