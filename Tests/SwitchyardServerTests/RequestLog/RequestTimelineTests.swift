import Foundation
import SwitchyardCore
import SwitchyardServer
import Testing

@Suite("Request timeline")
struct RequestTimelineTests {
    static let failover = RequestLogEntry(
        requestID: "req_8f2c",
        traceID: "4bf92f3577b34da6a3ce929d0e0e4736",
        startedAt: Date(timeIntervalSince1970: 1_749_988_800.123),
        durationMicroseconds: 412_300,
        overheadMicroseconds: 1_800,
        timeToFirstTokenMicroseconds: 290_000,
        api: "openai.chat_completions",
        keyID: "key_3f9a",
        keyName: "ci-bot",
        tenant: "research",
        agent: "planner",
        session: "s-42",
        model: "fast",
        provider: "anthropic",
        status: 200,
        outcome: "ok",
        streamed: true,
        routingDecisions: ["rule long-context chose alias long"],
        stages: [
            RequestLogEntry.Stage(name: "metering", startMicroseconds: 0, durationMicroseconds: 412_300),
            RequestLogEntry.Stage(name: "policy", startMicroseconds: 100, durationMicroseconds: 412_100),
            RequestLogEntry.Stage(name: "budget", startMicroseconds: 200, durationMicroseconds: 411_900),
        ],
        attempts: [
            RequestLogEntry.Attempt(provider: "openai", model: "gpt-4o", startMicroseconds: 400, durationMicroseconds: 120_400, failure: "upstream_error", wasSent: true),
            RequestLogEntry.Attempt(provider: "anthropic", model: "claude-haiku-4-5", startMicroseconds: 121_000, durationMicroseconds: 290_200, failure: nil, wasSent: true),
        ],
        usage: Usage(inputTokens: 1_203, cacheReadTokens: 800, outputTokens: 96),
        cost: Money(nanodollars: 812_000)
    )

    @Test("A failover prints as a nested timeline, its durations in one column")
    func failover() {
        let expected = """
            req_8f2c  POST /v1/chat/completions  model fast → anthropic  200 ok  412.3 ms (overhead 1.8 ms)  $0.000812000
              started 2025-06-15T12:00:00.123Z  streamed  first token 290.0 ms  capture metadata
              key ci-bot (key_3f9a, tenant research)  agent planner  session s-42  trace 4bf92f3577b34da6a3ce929d0e0e4736
              +0.0 ms    metering ──────────────────────────────── 412.3 ms
              +0.1 ms      policy ──────────────────────────────── 412.1 ms
              +0.2 ms        budget ────────────────────────────── 411.9 ms
                               route: rule long-context chose alias long
              +0.4 ms          attempt openai/gpt-4o  failed upstream_error  120.4 ms
              +121.0 ms        attempt anthropic/claude-haiku-4-5  ok  290.2 ms
              usage: 1203 in (800 cached), 96 out · cost $0.000812000
            """
        #expect(RequestTimeline(entry: Self.failover).text == expected)
    }

    @Test("A refusal, a skipped attempt, an error and captured payloads are shown")
    func refusalAndPayloads() {
        var entry = Self.failover
        entry.keyID = nil
        entry.keyName = nil
        entry.tenant = nil
        entry.agent = nil
        entry.session = nil
        entry.traceID = nil
        entry.provider = nil
        entry.status = 429
        entry.outcome = "budget_exceeded"
        entry.errorMessage = "The budget of key ci-bot is spent."
        entry.streamed = false
        entry.timeToFirstTokenMicroseconds = nil
        entry.routingDecisions = []
        entry.stages = [RequestLogEntry.Stage(name: "budget", startMicroseconds: 50, durationMicroseconds: 20, refusal: "budget_exceeded", message: "spent $10.00 of $10.00")]
        entry.attempts = [RequestLogEntry.Attempt(provider: "openai", model: "gpt-4o", startMicroseconds: 90, durationMicroseconds: 0, failure: "circuit_open", wasSent: false)]
        entry.usage = .zero
        entry.cost = .zero
        entry.capture = .redacted
        entry.requestBody = "{\n\"to\":\"[REDACTED:EMAIL]\"}"
        let lines = RequestTimeline(entry: entry).lines
        #expect(lines[0] == "req_8f2c  POST /v1/chat/completions  model fast  429 budget_exceeded  412.3 ms (overhead 1.8 ms)  $0.000000000")
        #expect(lines[1] == "  started 2025-06-15T12:00:00.123Z  not streamed  capture redacted")
        #expect(lines[2].hasPrefix("  +0.1 ms  budget ─") && lines[2].hasSuffix(" 0.0 ms  refused budget_exceeded: spent $10.00 of $10.00"))
        #expect(lines[3] == "  +0.1 ms  attempt openai/gpt-4o  skipped circuit_open  0.0 ms")
        #expect(lines[4] == "  usage: 0 in, 0 out · cost $0.000000000")
        #expect(lines[5] == "  error: The budget of key ci-bot is spent.")
        #expect(Array(lines[6...]) == ["  request (redacted):", "    {", "    \"to\":\"[REDACTED:EMAIL]\"}"])
    }
}
