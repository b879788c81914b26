import Logging
import SwitchyardCore

extension SQLiteStore {
    /// Where the database lives and how its connections behave.
    ///
    /// ```swift
    /// var configuration = SQLiteStore.Configuration(location: .file(path: "./switchyard.db"))
    /// configuration.busyTimeout = .seconds(10)
    /// ```
    public struct Configuration: Sendable {
        /// Where the database lives: a file, or memory private to the store.
        public struct Location: Sendable, Hashable, CustomStringConvertible {
            enum Base: Sendable, Hashable {
                case file(path: String)
                case memory
            }

            let base: Base

            /// A database file at `path` (relative paths resolve against the working directory); created when
            /// missing, together with its `-wal` and `-shm` companions.
            public static func file(path: String) -> Location {
                Location(base: .file(path: path))
            }

            /// A database in memory, private to one store and gone when the store closes.
            public static let inMemory = Location(base: .memory)

            /// The database in words, as error messages name it.
            public var description: String {
                switch base {
                case .file(let path): "the SQLite database at \(path)"
                case .memory: "the in-memory SQLite database"
                }
            }
        }

        /// When a commit to a file database waits for the disk (`PRAGMA synchronous`, in WAL mode).
        public enum Synchronous: String, Sendable, Hashable, CaseIterable {
            /// A commit is written to the write-ahead log without waiting for the disk: it survives the process
            /// being killed at any moment, and the database is never corrupted; an operating-system crash or a
            /// power cut can lose the last commits before the next checkpoint. SQLite's recommendation for WAL mode.
            case normal
            /// Every commit waits until the write-ahead log is on disk (an `fsync`), so it survives a power cut as
            /// well — at the cost of that wait on every commit.
            case full
        }

        /// Where the database lives.
        public var location: Location

        /// The request log's database file when ``location`` is a file; `nil` (the default) puts it beside that file,
        /// named after it: `switchyard.db` keeps its request log in `switchyard-request-log.db`. Ignored for an
        /// in-memory database, whose request log is in memory too.
        public var requestLogPath: String?

        /// Where the request log lives: ``requestLogPath``, or the file beside ``location``, or memory.
        public var requestLogLocation: Location {
            switch location.base {
            case .memory: .inMemory
            case .file(let path): .file(path: requestLogPath ?? Self.requestLogPath(beside: path))
            }
        }

        /// How long a statement waits for another process's lock on a file database before it fails.
        ///
        /// Default 5 seconds. Applied with `PRAGMA busy_timeout`.
        public var busyTimeout: Duration

        /// How many read-only connections serve lookups of a file database, beside its one writer.
        ///
        /// In WAL mode readers never wait for the writer. Default 2; at least 1 is used. An in-memory database has
        /// a single connection that serves reads and writes.
        public var readConnectionCount: Int

        /// When a commit waits for the disk; see ``Synchronous``. Default ``Synchronous/normal``.
        public var synchronous: Synchronous

        /// How often a background connection copies a file database's write-ahead log back into the database (a
        /// passive checkpoint: it waits for no reader and no writer), or `nil` to leave checkpoints to the writer.
        ///
        /// Default 500 ms. Left to the writer (SQLite's own behaviour), the commit that grows the log past 1,000
        /// pages checkpoints it before it returns, disk flushes included — a stall of several milliseconds every few
        /// hundred commits, on whichever call's ledger entry that commit carries. With the background checkpointer
        /// the writer checkpoints only as a backstop, past ``walBackstopPages``.
        public var checkpointInterval: Duration?

        /// The level at which each SQL statement is logged, or `nil` for none. Default `trace`.
        ///
        /// Statements carry secret hashes (never secrets) as bound values.
        public var queryLogLevel: Logger.Level?

        /// Creates a configuration for the database at `location`.
        public init(
            location: Location,
            busyTimeout: Duration = .seconds(5),
            readConnectionCount: Int = 2,
            synchronous: Synchronous = .normal,
            checkpointInterval: Duration? = .milliseconds(500),
            queryLogLevel: Logger.Level? = .trace
        ) {
            self.location = location
            self.busyTimeout = busyTimeout
            self.readConnectionCount = readConnectionCount
            self.synchronous = synchronous
            self.checkpointInterval = checkpointInterval
            self.queryLogLevel = queryLogLevel
        }

        /// The write-ahead log's size, in pages, at which the writer checkpoints it itself when a background
        /// checkpointer runs (`PRAGMA wal_autocheckpoint`): about 40 MB with 4 KB pages, reached only if the
        /// checkpointer falls behind.
        public static let walBackstopPages = 10_000

        /// `path` with `-request-log` added to its file name, before the extension if there is one.
        static func requestLogPath(beside path: String) -> String {
            let name = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
            guard let dot = path[name...].lastIndex(of: "."), dot > name else {
                return path + "-request-log"
            }
            return path[..<dot] + "-request-log" + path[dot...]
        }

        /// The database file at `path`, with default settings.
        public static func file(path: String) -> Configuration {
            Configuration(location: .file(path: path))
        }

        /// A database in memory, private to one store, with default settings.
        public static var inMemory: Configuration {
            Configuration(location: .inMemory)
        }

        /// Creates a configuration from a storage URL, the form the `storage.url` setting takes.
        ///
        /// `sqlite://./switchyard.db` and `sqlite:switchyard.db` name a file relative to the working directory,
        /// `sqlite:///var/lib/switchyard.db` an absolute one, and `sqlite::memory:` or `sqlite://:memory:` an
        /// in-memory database.
        ///
        /// - Throws: ``SwitchyardError`` (`invalidRequest`) when `url` is not an `sqlite:` URL or names no file.
        public init(url: String) throws {
            let scheme = "sqlite:"
            guard url.lowercased().hasPrefix(scheme) else {
                throw SwitchyardError.invalidRequest(
                    "The storage URL '\(url)' is not an SQLite URL; expected sqlite://PATH or sqlite::memory:."
                )
            }
            var rest = url.dropFirst(scheme.count)
            if rest.hasPrefix("//") {
                rest = rest.dropFirst(2)
            }
            switch rest {
            case ":memory:":
                self.init(location: .inMemory)
            case "":
                throw SwitchyardError.invalidRequest(
                    "The storage URL '\(url)' names no database file; expected sqlite://PATH or sqlite::memory:."
                )
            default:
                self.init(location: .file(path: String(rest)))
            }
        }
    }
}
