import Foundation
import SwitchyardCore
import SwitchyardEngine
import Yams

/// Reads `switchyard.yaml`: YAML with `${ENV_VAR}` interpolation, validated as a whole.
///
/// Every problem is collected before failing, each naming its key path and line, so one run of
/// `switchyard check-config` shows them all.
public enum ConfigurationLoader {
    /// Reads and validates the file at `path`.
    ///
    /// - Parameter environment: the variables `${NAME}` and `${NAME:-default}` expand from.
    /// - Throws: ``ConfigurationError`` listing every problem, including an unreadable file.
    public static func load(contentsOf path: String, environment: [String: String]) throws -> SwitchyardConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, issues: [.init(key: "(file)", line: nil, message: "cannot be read: \(error.localizedDescription)")])
        }
        return try parse(text, file: path, environment: environment)
    }

    /// Parses and validates configuration text.
    ///
    /// - Throws: ``ConfigurationError`` listing every problem.
    public static func parse(_ yaml: String, file: String? = nil, environment: [String: String]) throws -> SwitchyardConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigurationError(file: file, issues: [.init(key: "(yaml)", line: nil, message: "is not valid YAML: \(error)")])
        }
        var reader = ConfigurationReader(environment: environment)
        let configuration = reader.read(root)
        guard reader.issues.isEmpty else {
            throw ConfigurationError(file: file, issues: reader.issues)
        }
        return configuration
    }
}
