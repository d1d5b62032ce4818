import ArgumentParser
import PensionHTTP
import PensionOperations
import PensionStore
import ServiceLifecycle

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "The dashboard, JSON API, Prometheus /metrics, /health and /ready (http.host, http.port) until SIGTERM or SIGINT."
    )
    @OptionGroup var options: GlobalOptions
    @Option(help: "Port (default: http.port).") var port: Int?
    @Option(help: "Address to bind (default: http.host, 127.0.0.1).") var host: String?
    @Option(help: "The business date, YYYY-MM-DD (default: pension.businessDate).") var businessDate: String?
    @Option(help: "The targets file (default: metrics.targetsFile, else targets.json in the configuration directory).")
    var targets: String?

    func run() async throws {
        let context = try await options.load("pension.serve")
        let registry = Observability.registry
        let store = try await context.openStore()
        let sources = PensionServer.Sources(
            store: store, targets: try context.driveTargets(override: targets),
            townships: context.townships, businessDate: try context.businessDate(override: businessDate))
        let host = host ?? context.config.string(forKey: "http.host", default: "127.0.0.1")
        let port = port ?? context.config.int(forKey: "http.port", default: 8088)
        let logger = context.logger
        let townships = context.townships
        let lag = LagDashboard(
            sampler: try context.lagSampler(store: store),
            minimumInterval: .seconds(context.config.int(forKey: "lag.watchIntervalSeconds", default: 10)),
            townshipName: { townships[code: $0]?.name })
        let server = PensionServer(
            sources: sources, host: host, port: port, registry: registry, extensions: [lag], logger: logger
        ) { bound in logger.notice("dashboard at http://\(host):\(bound)/") }
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = context.shutdownLimit
        try await ServiceGroup(configuration: configuration).run()
        try await store.close()
    }
}
