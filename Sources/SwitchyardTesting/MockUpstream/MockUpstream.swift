import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import SwitchyardCore

/// An HTTP server that speaks one provider's real wire format — OpenAI Chat Completions, Anthropic Messages or
/// Gemini `generateContent`, streaming included — answers deterministically, records every request and injects
/// faults on demand. For tests and for `switchyard mock`.
///
/// In a test, scope it:
///
/// ```swift
/// try await MockUpstream.withRunning(.init(provider: .anthropic)) { mock in
///     // point the gateway's provider base_url at mock.baseURL, call it, then:
///     #expect(mock.requests.last?.header("anthropic-version") != nil)
/// }
/// ```
///
/// From a command, run it as a `Service` until graceful shutdown or cancellation.
public struct MockUpstream: Service {
    /// Where it listens, what it speaks, how it answers at first.
    public let configuration: Configuration
    private let logger: Logger
    let state: MockState

    /// A mock that will serve `configuration` once run.
    ///
    /// - Parameter logger: Where the HTTP server logs; silent by default.
    public init(
        configuration: Configuration,
        logger: Logger = Logger(label: "switchyard.mock", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.configuration = configuration
        self.logger = logger
        self.state = MockState(behavior: configuration.behavior, faults: configuration.faults)
    }

    /// Serves until graceful shutdown or cancellation.
    public func run() async throws {
        try await run(onListening: { _ in })
    }

    /// Serves until graceful shutdown or cancellation, calling `onListening` once the port is bound.
    ///
    /// - Parameter onListening: Receives the ``Handle`` of the running mock (its real port among others).
    public func run(onListening: @escaping @Sendable (Handle) async -> Void) async throws {
        let provider = configuration.provider
        let host = configuration.host
        let configuredPort = configuration.port
        let state = self.state
        let application = Application(
            responder: MockResponder(configuration: configuration, state: state),
            configuration: ApplicationConfiguration(address: .hostname(host, port: configuredPort)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuredPort
                await onListening(Handle(provider: provider, host: host, port: port, state: state))
            },
            logger: logger
        )
        try await application.run()
    }

    /// Starts a mock, runs `body` with its ``Handle``, and stops the mock when `body` returns or throws.
    ///
    /// - Throws: The server's error when it cannot start (the port is taken), or `body`'s error.
    public static func withRunning<Result>(
        _ configuration: Configuration,
        logger: Logger = Logger(label: "switchyard.mock", factory: { _ in SwiftLogNoOpLogHandler() }),
        _ body: (Handle) async throws -> Result
    ) async throws -> Result {
        let mock = MockUpstream(configuration: configuration, logger: logger)
        let (listening, continuation) = AsyncStream.makeStream(of: Handle.self)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                defer { continuation.finish() }
                try await mock.run(onListening: { handle in
                    continuation.yield(handle)
                    continuation.finish()
                })
            }
            var iterator = listening.makeAsyncIterator()
            guard let handle = await iterator.next() else {
                // The server ended before it listened: surface its error.
                try await group.next()
                throw CancellationError()
            }
            defer { group.cancelAll() }
            return try await body(handle)
        }
    }
}
