import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Metrics
import Prometheus
import NIOCore
import SwitchyardCore
import SwitchyardEngine
import SwitchyardProviders
import SwitchyardServer
import SwitchyardStorage
import SwitchyardTesting
import Tracing

/// A live Switchyard (real sockets, real upstream client) in front of one mock upstream, for end-to-end tests.
struct LiveGateway: Sendable {
    /// The alias every live test calls.
    static let alias = "test-model"

    let client: any TestClientProtocol
    let mock: MockUpstream.Handle
    let usage: UsageCaptureStage

    /// Starts a mock of `upstream` and a gateway routing ``alias`` to it, keeping its state in `store`, then runs
    /// `body`.
    static func run(
        upstream: ProviderKind,
        faults: MockUpstream.Faults = MockUpstream.Faults(),
        behavior: MockUpstream.Behavior? = nil,
        store: InMemoryStore = InMemoryStore(),
        tracer: any Tracer = NoOpTracer(),
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        prometheus: PrometheusCollectorRegistry? = nil,
        logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
        transport transportConfiguration: HTTPClientTransport.Configuration = HTTPClientTransport.Configuration(),
        background: BackgroundExecutor = .shared,
        configure: (inout SwitchyardConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (LiveGateway) async throws -> Void
    ) async throws {
        try await MockUpstream.withRunning(MockUpstream.Configuration(provider: upstream, behavior: behavior, faults: faults)) { mock in
            try await HTTPClientTransport.withTransport(configuration: transportConfiguration) { transport in
                var configuration = SwitchyardConfiguration()
                configuration.server.port = 0
                let endpoint = UpstreamEndpoint(baseURL: mock.baseURL + (upstream == .gemini ? "/v1beta" : "/v1"), apiKey: "upstream-secret")
                configuration.providers = [ProviderSettings(name: "upstream", kind: upstream, endpoint: endpoint)]
                configuration.models = [
                    ModelAlias(name: alias, targets: [Deployment(provider: "upstream", kind: upstream, model: upstreamModel(upstream), endpoint: endpoint)])
                ]
                configure(&configuration)
                let usage = UsageCaptureStage()
                let dependencies = GatewayDependencies(
                    configuration: configuration,
                    store: store,
                    transport: transport,
                    metricsFactory: metricsFactory,
                    prometheus: prometheus,
                    tracer: tracer,
                    background: background,
                    additionalStages: [usage]
                )
                let app = buildApplication(dependencies, logger: logger)
                try await app.test(.live) { client in
                    try await body(LiveGateway(client: client, mock: mock, usage: usage))
                }
            }
        }
    }

    static func upstreamModel(_ kind: ProviderKind) -> String {
        switch kind {
        case .openAI: "gpt-4o-mini"
        case .anthropic: "claude-haiku-4-5"
        case .gemini: "gemini-2.5-flash"
        case .openAICompatible: "llama-3.1-8b"
        }
    }

    /// POSTs a JSON body to `path` and returns the response; without an `Authorization` among `headers`, it sends
    /// a placeholder key (any key passes while the gateway runs open).
    func post(_ path: String, json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields: HTTPFields = [.contentType: "application/json"]
        if headers[.authorization] == nil {
            fields[.authorization] = "Bearer unused-in-open-mode"
        }
        fields.append(contentsOf: headers)
        return try await client.execute(uri: path, method: .post, headers: fields, body: ByteBuffer(string: json))
    }
}

extension TestResponse {
    /// The body parsed as JSON.
    var json: JSONValue {
        get throws { try JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)) }
    }

    /// The body parsed as Server-Sent Events.
    var events: [ServerSentEvent] {
        var parser = ServerSentEventParser()
        return parser.feed(body.readableBytesView) + parser.finish()
    }
}

extension JSONValue {
    /// The integer at this value, or `nil`.
    var intValue: Int? {
        if case .int(let value) = self { return Int(value) }
        return nil
    }

    /// Follows a path of object keys and array indices.
    subscript(path path: Any...) -> JSONValue? {
        var current: JSONValue? = self
        for step in path {
            if let key = step as? String {
                current = current?[key]
            } else if let index = step as? Int, let array = current?.arrayValue, array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current
    }
}
