import ArgumentParser
import Foundation
import SwitchyardServer

/// `--config FILE`, shared by every command that reads the configuration.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file. Default: $SWITCHYARD_CONFIG, else ./switchyard.yaml if present, else the embedded default.")
    var config: String?

    /// The file to read, if any: `--config`, then `SWITCHYARD_CONFIG`, then `./switchyard.yaml` when it exists.
    func configurationFile(environment: [String: String]) -> String? {
        if let config { return config }
        if let path = environment["SWITCHYARD_CONFIG"], !path.isEmpty { return path }
        return FileManager.default.fileExists(atPath: "switchyard.yaml") ? "switchyard.yaml" : nil
    }

    /// The configuration in effect, and the file it came from (`nil` for the embedded default).
    func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (SwitchyardConfiguration, file: String?) {
        guard let file = configurationFile(environment: environment) else {
            return (EmbeddedDefaults.configuration(environment: environment), nil)
        }
        return (try ConfigurationLoader.load(contentsOf: file, environment: environment), file)
    }
}
