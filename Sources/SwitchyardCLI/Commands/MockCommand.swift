import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import SwitchyardCore
import SwitchyardTesting

/// `switchyard mock`: a mock upstream speaking one provider's real wire format, with scripted faults.
struct MockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock",
        abstract: "Run a mock upstream that speaks a provider's real wire format, streaming and faults included.",
        discussion: """
            Healthy answers are deterministic: a tool call to the first tool when tools are given, a reply quoting the \
            tool result after one, otherwise the reply text. Usage reports 12 fresh input tokens, 8 cache reads, 4 cache \
            writes (Anthropic only) and 5 output tokens, each in the provider's own convention.
            A request may carry its own faults in an `x-mock-fault` header, e.g. `x-mock-fault: status=429;retry-after=2`.
            """
    )

    @Option(help: "The wire format: openai, anthropic, gemini or openai-compatible.")
    var provider: String

    @Option(help: "Address to bind.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to bind (0 picks a free one and prints it).")
    var port: Int = 0

    @Option(help: "The reply text of healthy answers.")
    var reply: String?

    @Option(help: "Answer with this HTTP status and the provider's error body (429, 500, 503, 529, …).")
    var status: Int?

    @Option(help: "Seconds to put in Retry-After with --status.")
    var retryAfter: Double?

    @Option(help: "Inject the faults into the first N requests only.")
    var failFirst: Int?

    @Option(help: "Milliseconds to wait before answering.")
    var latencyMs: Int?

    @Option(help: "Milliseconds between streamed chunks.")
    var chunkDelayMs: Int?

    @Option(help: "Stop sending (but keep the connection) after N chunks.")
    var stallAfter: Int?

    @Option(help: "Send an invalid JSON chunk after N chunks.")
    var malformedAfter: Int?

    @Flag(help: "Close the connection without answering.")
    var reset = false

    @Option(help: "Further faults in the x-mock-fault header syntax, e.g. \"reset-after=2\".")
    var fault: String?

    @Option(help: "The only upstream API key accepted (default: any).")
    var apiKey: String?

    func run() async throws {
        guard let kind = ProviderKind(rawValue: provider) else {
            throw ValidationError("`\(provider)` is not a provider: use openai, anthropic, gemini or openai-compatible.")
        }
        var configuration = MockUpstream.Configuration(provider: kind, host: host, port: port, apiKey: apiKey)
        if let reply { configuration.behavior.replyText = reply }
        configuration.faults = try faults()

        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let mock = MockUpstream(configuration: configuration)
        let service = ClosureService {
            try await mock.run(onListening: { handle in
                FileHandle.standardOutput.write(Data("Mock \(kind.rawValue) upstream listening on \(handle.baseURL)\n".utf8))
            })
        }
        let group = ServiceGroup(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: Logger(label: "switchyard.mock"))
        try await group.run()
    }

    private func faults() throws -> MockUpstream.Faults {
        var faults: MockUpstream.Faults
        do {
            faults = try fault.map { try MockUpstream.Faults(parsing: $0) } ?? MockUpstream.Faults()
        } catch {
            throw ValidationError("--fault: \(error)")
        }
        if let status { faults.status = status }
        if let retryAfter { faults.retryAfter = .milliseconds(Int64(retryAfter * 1000)) }
        if let failFirst { faults.failFirst = failFirst }
        if let latencyMs { faults.latency = .milliseconds(latencyMs) }
        if let chunkDelayMs { faults.chunkDelay = .milliseconds(chunkDelayMs) }
        if let stallAfter { faults.stallAfterChunks = stallAfter }
        if let malformedAfter { faults.malformedAfterChunks = malformedAfter }
        if reset { faults.disconnect = .beforeResponse }
        return faults
    }
}
