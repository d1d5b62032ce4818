import ArgumentParser

/// Options every command takes: where the configuration lives and the overrides operators use most.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Directory with pension.json, topics.json, townships.json and partition-plan.json.")
    var configDir = "config"

    @Option(help: "Kafka bootstrap servers (host:port,...). Overrides KAFKA_BOOTSTRAP and kafka.bootstrap.")
    var bootstrap: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical. Overrides LOG_LEVEL.")
    var logLevel: String?

    /// Loads configuration, starts logging, checks librdkafka; every command calls this first.
    func load(_ label: String) async throws -> AppContext {
        try await AppContext.load(options: self, label: label)
    }
}
