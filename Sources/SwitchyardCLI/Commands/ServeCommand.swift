import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SwitchyardCore
import SwitchyardEngine
import SwitchyardServer

/// `switchyard serve`: runs the gateway until SIGINT or SIGTERM, then drains in-flight requests.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the gateway.")

    @OptionGroup var options: ConfigurationOptions

    @Option(help: "Address to bind, overriding server.host.")
    var host: String?

    @Option(help: "Port to bind, overriding server.port.")
    var port: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical (default: telemetry.logs.level, else info).")
    var logLevel: Logger.Level?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var (configuration, file) = try options.load(environment: environment)
        let telemetry = try TelemetryBootstrap.bootstrap(
            configuration.telemetry,
            logLevel: logLevel ?? configuration.telemetry.logLevel,
            environment: environment
        )
        let logger = Logger(label: "switchyard")
        if let host { configuration.server.host = host }
        if let port { configuration.server.port = port }
        logger.info("Configuration loaded", metadata: ["source": "\(file ?? "embedded default")", "storage": "\(Self.withoutPassword(configuration.storage.url))"])
        if configuration.providers.isEmpty {
            logger.warning(
                "No model provider is configured: model calls will fail until you set OPENAI_API_KEY, ANTHROPIC_API_KEY or GEMINI_API_KEY, or pass --config FILE."
            )
        } else {
            logger.info(
                "Providers configured",
                metadata: ["providers": "\(configuration.providers.map(\.name).joined(separator: ", "))", "models": "\(configuration.models.count)"]
            )
        }
        let serverConfiguration = configuration
        try await StoreOpener.withStore(configuration.storage, logger: logger) { store in
            let issuedKeys = try await store.keyCount()
            if try OpenAccessPolicy.decide(issuedKeyCount: issuedKeys, server: serverConfiguration.server) == .openOnLoopback {
                logger.warning("No API keys exist: the gateway runs open on loopback. Create one with `switchyard keys create --name NAME`.")
            }
            var transportConfiguration = HTTPClientTransport.Configuration()
            transportConfiguration.readTimeout = serverConfiguration.server.upstreamTimeout
            transportConfiguration.connectionsPerHost = serverConfiguration.server.upstreamConnectionsPerHost
            try await HTTPClientTransport.withTransport(configuration: transportConfiguration) { transport in
                let dependencies = GatewayDependencies(
                    configuration: serverConfiguration,
                    store: store,
                    transport: transport,
                    metricsFactory: telemetry.metricsFactory,
                    prometheus: telemetry.registry,
                    tracer: telemetry.tracer,
                    telemetryStatus: telemetry.status,
                    services: (telemetry.exporter.map { [BackgroundService($0, on: .shared)] } ?? []) + [MemoryTrimmer()]
                )
                let app = buildApplication(dependencies, logger: logger)
                try await app.runService()
            }
        }
    }
}

extension ServeCommand {
    /// A storage URL fit for a log line: the password of `postgres://user:password@host/db` masked.
    static func withoutPassword(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://"), let at = url[schemeEnd.upperBound...].firstIndex(of: "@") else { return url }
        let credentials = url[schemeEnd.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
