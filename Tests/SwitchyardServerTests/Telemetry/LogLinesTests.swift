import Foundation
import HTTPTypes
import HummingbirdTesting
import InMemoryTracing
import Logging
import Synchronization
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import SwitchyardStorage
import Testing

/// The JSON log lines of live requests, captured in memory.
@Suite("Log lines, live")
struct LogLinesTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])

        var logger: Logger {
            var logger = Logger(label: "switchyard") { label in
                JSONLogHandler(label: label) { line in self.lines.withLock { $0.append(line) } }
            }
            logger.logLevel = .debug
            return logger
        }

        var objects: [[String: Any]] {
            lines.withLock { $0 }.compactMap { line in
                try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            }
        }
    }

    @Test("Every line of a request carries its request id and caller; no line carries a secret")
    func requestLines() async throws {
        let lines = Lines()
        let store = InMemoryStore()
        let issued = try await KeyIssuer(store: store).issue(.init(name: "ci-bot", tenant: "research"))
        try await LiveGateway.run(
            upstream: .openAI,
            faults: .init(status: 500),
            store: store,
            logger: lines.logger
        ) { gateway in
            let response = try await gateway.post(
                "/v1/chat/completions",
                json: #"{"model":"test-model","messages":[{"role":"user","content":"hi"}]}"#,
                headers: [.authorization: "Bearer \(issued.secret)"]
            )
            #expect(response.status.code == 500)
            let requestID = try #require(response.headers[HTTPField.Name("x-switchyard-request-id")!])
            let requestLines = lines.objects.filter { $0["request_id"] as? String == requestID }
            #expect(!requestLines.isEmpty)
            let failed = try #require(requestLines.first { $0["message"] as? String == "Request failed" })
            #expect(failed["level"] as? String == "error")
            #expect(failed["key"] as? String == "ci-bot")
            #expect(failed["tenant"] as? String == "research")
            #expect(failed["timestamp"] is String && failed["logger"] is String && failed["line"] is Int)
            let upstreamFailure = try #require(requestLines.first { $0["message"] as? String == "Upstream attempt failed" })
            #expect(upstreamFailure["deployment"] as? String == "upstream/gpt-4o-mini")
        }
        let everything = lines.lines.withLock { $0.joined(separator: "\n") }
        #expect(!everything.isEmpty)
        #expect(!everything.contains(issued.secret), "the client's key is never logged")
        #expect(!everything.contains("upstream-secret"), "the provider's key is never logged")
    }
}
