import ArgumentParser
import Foundation
import Logging
import SwitchyardCore
import SwitchyardServer

/// `switchyard trace ID`: prints one request from the request log as an indented timeline.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Print a logged request as a timeline: stages, routing decisions, attempts, usage and cost."
    )

    @OptionGroup var options: ConfigurationOptions

    @Argument(help: "The request id (the x-switchyard-request-id response header).")
    var id: String

    func run() async throws {
        let (configuration, _) = try options.load()
        let entry = try await StoreOpener.withStore(configuration.storage, logger: Logger(label: "switchyard.trace")) { store in
            try await store.request(id: id)
        }
        guard let entry else {
            let message = "No request `\(id)` is in the request log: it was never logged (its key captures `none`, or the "
                + "log was off), or it has expired.\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(1)
        }
        print(RequestTimeline(entry: entry).text)
    }
}
