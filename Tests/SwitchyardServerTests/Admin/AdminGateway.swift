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

/// A live Switchyard whose admin API manages an in-memory store (keys, quotas and ledger), in front of one
/// OpenAI mock upstream serving ``LiveGateway/alias``.
struct AdminGateway: Sendable {
    /// The admin key every request in these tests presents.
    static let adminKey = "admin-secret"

    let client: any TestClientProtocol
    let store: InMemoryStore

    /// Starts the mock and the gateway, then runs `body`.
    static func run(_ body: @escaping @Sendable (AdminGateway) async throws -> Void) async throws {
        try await MockUpstream.withRunning(MockUpstream.Configuration(provider: .openAI)) { mock in
            try await HTTPClientTransport.withTransport(configuration: HTTPClientTransport.Configuration()) { transport in
                var configuration = SwitchyardConfiguration()
                configuration.server.port = 0
                configuration.server.adminKey = adminKey
                let endpoint = UpstreamEndpoint(baseURL: mock.baseURL + "/v1", apiKey: "upstream-secret")
                configuration.providers = [ProviderSettings(name: "upstream", kind: .openAI, endpoint: endpoint)]
                configuration.models = [
                    ModelAlias(name: LiveGateway.alias, targets: [Deployment(provider: "upstream", kind: .openAI, model: "gpt-4o-mini", endpoint: endpoint)])
                ]
                let store = InMemoryStore()
                let dependencies = GatewayDependencies(
                    configuration: configuration,
                    store: store,
                    transport: transport
                )
                let app = buildApplication(dependencies, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
                try await app.test(.live) { client in
                    try await body(AdminGateway(client: client, store: store))
                }
            }
        }
    }

    /// Calls the admin API with the admin key.
    func admin(_ method: HTTPRequest.Method, _ path: String, body: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(Self.adminKey)"]
        if body != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    /// Creates a key through the admin API and returns the answer's JSON.
    func createKey(_ body: String) async throws -> JSONValue {
        let response = try await admin(.post, "/admin/keys", body: body)
        guard response.status == .created else {
            throw SwitchyardError.invalidRequest("Creating a key answered \(response.status): \(String(buffer: response.body))")
        }
        return try response.json
    }

    /// A chat completion presenting `secret`.
    func chat(secret: String) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/chat/completions",
            method: .post,
            headers: [.contentType: "application/json", .authorization: "Bearer \(secret)"],
            body: ByteBuffer(string: #"{"model":"test-model","messages":[{"role":"user","content":"hi"}]}"#)
        )
    }
}

extension TestResponse {
    /// The admin error envelope's message, or `""`.
    var errorMessage: String {
        (try? json[path: "error", "message"]?.stringValue) ?? ""
    }
}
