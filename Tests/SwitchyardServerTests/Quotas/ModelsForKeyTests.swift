import Foundation
import HTTPTypes
import HummingbirdTesting
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer
import SwitchyardStorage
import SwitchyardTesting
import Testing

@Suite("Models a key may use")
struct ModelsForKeyTests {
    @Test("GET /v1/models lists only the aliases the key may use, cheapest first")
    func modelsForKey() async throws {
        let store = InMemoryStore()
        let issued = try await KeyIssuer(store: store).issue(.init(name: "limited", allowedModels: ["premium", "cheap", "test-model"]))
        try await LiveGateway.run(upstream: .openAI, store: store, configure: { configuration in
            let deployment = configuration.models[0].deployments[0]
            func alias(_ name: String, input: String, output: String) -> ModelAlias {
                ModelAlias(name: name, targets: [deployment], price: ModelPrice(input: Money(decimalDollars: input)!, output: Money(decimalDollars: output)!))
            }
            configuration.models += [
                alias("premium", input: "15", output: "75"),
                alias("cheap", input: "0.10", output: "0.40"),
                alias("forbidden", input: "0.01", output: "0.01"),
            ]
        }) { gateway in
            let response = try await gateway.client.execute(
                uri: "/v1/models",
                method: .get,
                headers: [.authorization: "Bearer \(issued.secret)"]
            )
            #expect(response.status == .ok)
            let ids = try response.json["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            // Priced aliases cheapest first, then the unpriced one; `forbidden` is not the key's to use.
            #expect(ids == ["cheap", "premium", "test-model"])
        }
    }
}
