import ArgumentParser

/// `switchyard`: the gateway's command line. Thin commands over the libraries.
@main
struct SwitchyardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchyard",
        abstract: "A self-hosted control plane for production AI agents: one gateway in front of every model provider.",
        subcommands: [ServeCommand.self, MockCommand.self, KeysCommand.self, CheckConfigCommand.self, TraceCommand.self]
    )
}
