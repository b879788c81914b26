import ArgumentParser
import Foundation
import SwitchyardServer

/// `switchyard check-config FILE`: validates a configuration file and prints every problem with its line.
struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-config", abstract: "Validate a configuration file.")

    @Argument(help: "The configuration file to check.")
    var file: String

    func run() async throws {
        do {
            let configuration = try ConfigurationLoader.load(contentsOf: file, environment: ProcessInfo.processInfo.environment)
            print("\(file): OK — \(configuration.providers.count) provider(s), \(configuration.models.count) model(s).")
        } catch let error as ConfigurationError {
            print(error.description)
            throw ExitCode(1)
        }
    }
}
