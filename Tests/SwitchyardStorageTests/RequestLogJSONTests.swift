import Foundation
import SwitchyardCore
import Testing

@testable import SwitchyardStorage

@Suite("Request log: JSON columns")
struct RequestLogJSONTests {
    /// Strings that need every kind of escaping JSON has, and some that need none.
    static let awkward = [
        "", "plain", "quote \" and backslash \\", "slash / stays", "line\nbreak\r\ttab", "\u{08}\u{0C}\u{00}\u{1F}\u{7F}",
        "é 漢字 🚦", "ends with backslash \\",
    ]

    /// What `JSONEncoder` writes for the same value, with the settings the columns used before.
    private func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    private struct Stage: Encodable {
        var name: String
        var start_us: Int
        var duration_us: Int
        var refusal: String?
        var message: String?
    }

    private struct Attempt: Encodable {
        var provider: String
        var model: String
        var start_us: Int
        var duration_us: Int
        var failure: String?
        var sent: Bool
    }

    @Test func stringsAreWhatJSONEncoderWrites() throws {
        #expect(RequestLogJSON.strings([]) == "[]")
        #expect(RequestLogJSON.strings(Self.awkward) == (try encoded(Self.awkward)))
        for value in Self.awkward {
            #expect(RequestLogJSON.strings([value]) == (try encoded([value])))
        }
    }

    @Test func stagesAndAttemptsAreWhatJSONEncoderWrites() throws {
        let stages = Self.awkward.enumerated().map { index, text in
            RequestLogEntry.Stage(
                name: text,
                startMicroseconds: index * 7,
                durationMicroseconds: -index,
                refusal: index.isMultiple(of: 2) ? nil : text,
                message: index.isMultiple(of: 3) ? text : nil
            )
        }
        let attempts = Self.awkward.enumerated().map { index, text in
            RequestLogEntry.Attempt(
                provider: text,
                model: "m\(index)",
                startMicroseconds: Int.max - index,
                durationMicroseconds: index,
                failure: index.isMultiple(of: 2) ? text : nil,
                wasSent: index.isMultiple(of: 3)
            )
        }
        #expect(RequestLogJSON.stages([]) == "[]")
        #expect(RequestLogJSON.attempts([]) == "[]")
        #expect(
            RequestLogJSON.stages(stages)
                == (try encoded(stages.map { Stage(name: $0.name, start_us: $0.startMicroseconds, duration_us: $0.durationMicroseconds, refusal: $0.refusal, message: $0.message) }))
        )
        #expect(
            RequestLogJSON.attempts(attempts)
                == (try encoded(attempts.map { Attempt(provider: $0.provider, model: $0.model, start_us: $0.startMicroseconds, duration_us: $0.durationMicroseconds, failure: $0.failure, sent: $0.wasSent) }))
        )
    }

    @Test func aRowWithAwkwardJSONColumnsReadsBackWhole() throws {
        let entry = RequestLogEntry(
            requestID: "req_1",
            startedAt: Date(timeIntervalSince1970: 1_749_988_800.5),
            durationMicroseconds: 10,
            overheadMicroseconds: 2,
            api: "anthropic.messages",
            model: "fast",
            status: 200,
            outcome: "ok",
            streamed: true,
            routingDecisions: Self.awkward,
            stages: [.init(name: "routing", startMicroseconds: 1, durationMicroseconds: 2, refusal: "\"no\"", message: "a\nb")],
            attempts: [.init(provider: "p", model: "m", startMicroseconds: 3, durationMicroseconds: 4, failure: "\\", wasSent: false)]
        )
        #expect(try RequestLogRecord(entry).requestLogEntry() == entry)
    }
}
