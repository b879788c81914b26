import SwitchyardCore
import SwitchyardStorage
import Testing

@Suite("SQLiteStore.Configuration")
struct SQLiteStoreConfigurationTests {
    @Test(arguments: [
        ("sqlite://./switchyard.db", SQLiteStore.Configuration.Location.file(path: "./switchyard.db")),
        ("sqlite:switchyard.db", .file(path: "switchyard.db")),
        ("sqlite:///var/lib/switchyard/keys.db", .file(path: "/var/lib/switchyard/keys.db")),
        ("SQLite://data/switchyard.db", .file(path: "data/switchyard.db")),
        ("sqlite::memory:", .inMemory),
        ("sqlite://:memory:", .inMemory),
    ])
    func parsesStorageURLs(url: String, location: SQLiteStore.Configuration.Location) throws {
        let configuration = try SQLiteStore.Configuration(url: url)
        #expect(configuration.location == location)
        #expect(configuration.busyTimeout == .seconds(5))
        #expect(configuration.readConnectionCount == 2)
    }

    @Test(arguments: ["postgres://user@localhost/switchyard", "sqlite://", "sqlite:", "./switchyard.db"])
    func rejectsOtherURLs(url: String) {
        let error = #expect(throws: SwitchyardError.self) {
            try SQLiteStore.Configuration(url: url)
        }
        #expect(error?.code == .invalidRequest)
        #expect(error?.message.contains(url) == true)
    }

    @Test func locationsDescribeThemselves() {
        #expect(SQLiteStore.Configuration.Location.file(path: "/tmp/a.db").description == "the SQLite database at /tmp/a.db")
        #expect(SQLiteStore.Configuration.Location.inMemory.description == "the in-memory SQLite database")
    }
}
