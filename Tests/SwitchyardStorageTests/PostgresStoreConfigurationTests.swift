import SwitchyardCore
import SwitchyardStorage
import Testing

@Suite("PostgresStore.Configuration")
struct PostgresStoreConfigurationTests {
    @Test func parsesEveryPartOfAURL() throws {
        let configuration = try PostgresStore.Configuration(url: "postgres://switchyard:s%40cret@db.internal:6543/gateway")
        #expect(configuration.host == "db.internal")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "switchyard")
        #expect(configuration.password == "s@cret")
        #expect(configuration.database == "gateway")
        #expect(configuration.tls == .prefer)
        #expect(configuration.maximumConnections == 5)
    }

    @Test func acceptsPostgresqlDefaultsThePortAndReadsTheSSLMode() throws {
        let configuration = try PostgresStore.Configuration(url: "postgresql://ops@10.0.0.5?sslmode=require")
        #expect(configuration.host == "10.0.0.5")
        #expect(configuration.port == 5432)
        #expect(configuration.username == "ops")
        #expect(configuration.password == nil)
        #expect(configuration.database == nil)
        #expect(configuration.tls == .require)
        #expect(try PostgresStore.Configuration(url: "POSTGRES://a@h/d?sslmode=disable").tls == .disable)
    }

    @Test(arguments: [
        "sqlite://./switchyard.db",
        "postgres:///gateway",
        "postgres://db.internal/gateway",
        "postgres://u@h/d?sslmode=verify-full",
        "not a url",
    ])
    func refusesWhatItCannotUse(_ url: String) {
        let error = #expect(throws: SwitchyardError.self) { try PostgresStore.Configuration(url: url) }
        #expect(error?.code == .invalidRequest)
    }

    @Test func storeConfigurationChoosesTheStoreByScheme() throws {
        guard case .sqlite = try StoreConfiguration(url: "sqlite::memory:") else {
            Issue.record("sqlite::memory: is not SQLite")
            return
        }
        guard case .postgres(let postgres) = try StoreConfiguration(url: "postgresql://u:p@h:1/d") else {
            Issue.record("postgresql:// is not PostgreSQL")
            return
        }
        #expect(postgres.database == "d")
        let error = #expect(throws: SwitchyardError.self) { try StoreConfiguration(url: "mysql://u@h/d") }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains("mysql") == true)
    }

    @Test func storeConfigurationOpensAnSQLiteStore() async throws {
        let keys = try await StoreConfiguration(url: "sqlite::memory:").withStore(logger: quietLogger) { store in
            try await store.keyCount()
        }
        #expect(keys == 0)
    }
}
