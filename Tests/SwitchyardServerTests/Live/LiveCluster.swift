import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import SwitchyardStorage
import SwitchyardTesting
import Tracing

/// A live Switchyard in front of several mock upstreams, for routing and resilience scenarios.
struct LiveCluster: Sendable {
    let client: any TestClientProtocol
    /// The mocks, in the order their configurations were given.
    let mocks: [MockUpstream.Handle]

    /// Starts one mock per configuration, then a gateway configured by `configure` (which sees the mocks), then
    /// runs `body`.
    static func run(
        mocks configurations: [MockUpstream.Configuration],
        tracer: any Tracer = NoOpTracer(),
        store: InMemoryStore = InMemoryStore(),
        configure: @escaping @Sendable (inout SwitchyardConfiguration, [MockUpstream.Handle]) -> Void,
        _ body: @escaping @Sendable (LiveCluster) async throws -> Void
    ) async throws {
        try await withMocks(configurations[...], started: []) { handles in
            try await HTTPClientTransport.withTransport { transport in
                var configuration = SwitchyardConfiguration()
                configuration.server.port = 0
                configure(&configuration, handles)
                let dependencies = GatewayDependencies(configuration: configuration, store: store, transport: transport, tracer: tracer)
                let app = buildApplication(dependencies, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
                try await app.test(.live) { client in
                    try await body(LiveCluster(client: client, mocks: handles))
                }
            }
        }
    }

    private static func withMocks(
        _ remaining: ArraySlice<MockUpstream.Configuration>,
        started: [MockUpstream.Handle],
        _ body: ([MockUpstream.Handle]) async throws -> Void
    ) async throws {
        guard let next = remaining.first else { return try await body(started) }
        try await MockUpstream.withRunning(next) { handle in
            try await withMocks(remaining.dropFirst(), started: started + [handle], body)
        }
    }

    /// A provider named `name` pointing at `mock`.
    static func provider(_ name: String, _ mock: MockUpstream.Handle) -> ProviderSettings {
        let suffix = mock.provider == .gemini ? "/v1beta" : "/v1"
        return ProviderSettings(name: name, kind: mock.provider, endpoint: UpstreamEndpoint(baseURL: mock.baseURL + suffix, apiKey: "upstream-secret"))
    }

    /// A deployment of `model` on `provider`.
    static func deployment(_ provider: ProviderSettings, model: String = "model-x", weight: Int = 1) -> Deployment {
        Deployment(provider: provider.name, kind: provider.kind, model: model, endpoint: provider.endpoint, weight: weight)
    }

    /// POSTs a JSON body to `path`.
    func post(_ path: String, json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields: HTTPFields = [.contentType: "application/json"]
        fields.append(contentsOf: headers)
        return try await client.execute(uri: path, method: .post, headers: fields, body: ByteBuffer(string: json))
    }

    /// The admin health report, by deployment id.
    func health() async throws -> [String: JSONValue] {
        let response = try await client.execute(uri: "/admin/health/deployments", method: .get)
        var byID: [String: JSONValue] = [:]
        for report in try response.json["deployments"]?.arrayValue ?? [] {
            if let id = report["id"]?.stringValue { byID[id] = report }
        }
        return byID
    }
}
