import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchyardCore
import Testing

/// Bad input always gets a 4xx in the caller's own envelope that says what is wrong, and the server keeps serving.
@Suite("Bad input")
struct BadInputTests {
    enum API: String, CaseIterable, Sendable {
        case openAI = "/v1/chat/completions"
        case anthropic = "/v1/messages"
    }

    struct Case: Sendable, CustomStringConvertible {
        let description: String
        let body: [UInt8]
        let status: HTTPResponse.Status
        /// A word the error message must contain.
        let mentions: String

        init(_ description: String, _ body: String, status: HTTPResponse.Status = .badRequest, mentions: String) {
            self.init(description, Array(body.utf8), status: status, mentions: mentions)
        }

        init(_ description: String, _ body: [UInt8], status: HTTPResponse.Status = .badRequest, mentions: String) {
            self.description = description
            self.body = body
            self.status = status
            self.mentions = mentions
        }
    }

    static let cases: [Case] = [
        Case("malformed JSON", #"{"model": "test-model", "messages": ["#, mentions: "JSON"),
        Case("messages of the wrong type", #"{"model":"test-model","max_tokens":10,"messages":"hello"}"#, mentions: "messages"),
        Case("temperature of the wrong type", #"{"model":"test-model","max_tokens":10,"temperature":"hot","messages":[{"role":"user","content":"hi"}]}"#, mentions: "temperature"),
        Case("missing model", #"{"max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"#, mentions: "model"),
        Case("unknown model", #"{"model":"no-such-model","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"#, status: .notFound, mentions: "no-such-model"),
        Case("empty messages", #"{"model":"test-model","max_tokens":10,"messages":[]}"#, mentions: "messages"),
        Case("invalid UTF-8", Array(#"{"model":"test-model","max_tokens":10,"messages":[{"role":"user","content":""#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}]}"#.utf8), mentions: "UTF-8"),
        Case("an oversized body", Array(#"{"model":"test-model","max_tokens":10,"messages":[{"role":"user","content":""#.utf8) + Array(repeating: UInt8(ascii: "a"), count: 5000) + Array(#""}]}"#.utf8), status: .contentTooLarge, mentions: "4096"),
    ]

    @Test("Each bad request gets a clear 4xx in its API's envelope", arguments: API.allCases, cases)
    func badInput(api: API, badCase: Case) async throws {
        try await LiveGateway.run(upstream: .openAI, configure: { $0.server.maximumBodyBytes = 4096 }) { gateway in
            let response = try await gateway.client.execute(
                uri: api.rawValue,
                method: .post,
                headers: [.contentType: "application/json"],
                body: ByteBuffer(bytes: badCase.body)
            )
            #expect(response.status == badCase.status)
            let body = try response.json
            let message: String?
            switch api {
            case .openAI:
                message = body[path: "error", "message"]?.stringValue
                #expect(body[path: "error", "type"]?.stringValue != nil)
                #expect(body[path: "error", "request_id"]?.stringValue?.hasPrefix("req_") == true)
            case .anthropic:
                #expect(body["type"]?.stringValue == "error")
                message = body[path: "error", "message"]?.stringValue
                #expect(body[path: "error", "type"]?.stringValue != nil)
            }
            #expect(message?.contains(badCase.mentions) == true, "\(message ?? "no message") should mention \(badCase.mentions)")
            #expect(gateway.mock.requests.isEmpty, "A bad request must not reach the upstream")

            // The server keeps serving.
            let good = try await gateway.post(api.rawValue, json: #"{"model":"test-model","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}"#)
            #expect(good.status == .ok)
        }
    }

    @Test("An unknown route gets a 404 with a JSON body")
    func unknownRoute() async throws {
        try await LiveGateway.run(upstream: .openAI) { gateway in
            let response = try await gateway.client.execute(uri: "/v1/completions", method: .post)
            #expect(response.status == .notFound)
            #expect(try response.json[path: "error", "message"]?.stringValue?.contains("/v1/chat/completions") == true)

            let anthropic = try await gateway.client.execute(uri: "/v1/messages/count_tokens", method: .post, headers: [.init("anthropic-version")!: "2023-06-01"])
            #expect(anthropic.status == .notFound)
            #expect(try anthropic.json["type"]?.stringValue == "error")
            #expect(try anthropic.json[path: "error", "type"]?.stringValue == "not_found_error")
        }
    }
}
