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

    @Test(arguments: [
        ("sqlite://./switchyard.db", SQLiteStore.Configuration.Location.file(path: "./switchyard-request-log.db")),
        ("sqlite:///var/lib/switchyard/data", .file(path: "/var/lib/switchyard/data-request-log")),
        ("sqlite://./v1.2/state", .file(path: "./v1.2/state-request-log")),
        ("sqlite://.switchyard", .file(path: ".switchyard-request-log")),
        ("sqlite://archive.tar.db", .file(path: "archive.tar-request-log.db")),
        ("sqlite::memory:", .inMemory),
    ])
    func putsTheRequestLogBesideTheDatabase(url: String, requestLog: SQLiteStore.Configuration.Location) throws {
        var configuration = try SQLiteStore.Configuration(url: url)
        #expect(configuration.requestLogLocation == requestLog)
        configuration.requestLogPath = "/mnt/logs/requests.db"
        #expect(configuration.requestLogLocation == (requestLog == .inMemory ? .inMemory : .file(path: "/mnt/logs/requests.db")))
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
