/// Why a configuration file was refused: every problem found, each naming its key and line.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// One problem in the file.
    public struct Issue: Sendable, Hashable, CustomStringConvertible {
        /// The dotted key path, such as `models[0].targets[1].provider`.
        public var key: String
        /// The 1-based line in the file, when known.
        public var line: Int?
        public var message: String

        public init(key: String, line: Int?, message: String) {
            self.key = key
            self.line = line
            self.message = message
        }

        public var description: String {
            let location = line.map { "line \($0): " } ?? ""
            return "\(location)\(key): \(message)"
        }
    }

    /// The file the problems are in, when it came from a file.
    public var file: String?
    public var issues: [Issue]

    public init(file: String?, issues: [Issue]) {
        self.file = file
        self.issues = issues
    }

    public var description: String {
        let header = "Invalid configuration\(file.map { " in \($0)" } ?? ""):"
        return ([header] + issues.map { "  - \($0)" }).joined(separator: "\n")
    }
}
