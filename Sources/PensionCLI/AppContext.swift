import Configuration
import Foundation
import Kafka
import Logging
import PensionDomain
import PensionStore
import SystemPackage

/// Everything a command needs, read once at start: settings (`config/pension.json`, overridden by environment
/// variables such as `KAFKA_BOOTSTRAP`, overridden by options), the topic catalog, the townships and the
/// partition plan. A file the configuration directory does not have is read from the copy built into the binary.
struct AppContext: Sendable {
    let config: ConfigReader
    let kafka: KafkaConfiguration
    let replication: Int32
    var topics: TopicCatalog
    let townships: TownshipCatalog
    let plan: PartitionPlan
    /// Where the configuration files come from (the directory, else built in).
    let files: ConfigFiles
    /// `store.url`: a SQLite file or a PostgreSQL database.
    let store: StoreLocation
    /// The database password from `store.password` or `store.passwordFile`, if any.
    let storePassword: String?
    let logger: Logger

    static func load(options: GlobalOptions, label: String) async throws -> AppContext {
        Allocator.configure()
        let files = ConfigFiles(directory: URL(fileURLWithPath: options.configDir))
        let config = ConfigReader(providers: [EnvironmentVariablesProvider(), try await files.settings()])
        let logger = bootstrapLogging(label: label, level: options.logLevel ?? config.string(forKey: "log.level", default: "info"))

        logger.info(
            "librdkafka loaded",
            metadata: ["kafka.librdkafka.version": "\(KafkaVersion.loaded)", "pension.allocator": "\(Allocator.description)"]
        )
        try KafkaVersion.requireMinimum()

        var properties: [String: String] = [:]
        for entry in config.stringArray(forKey: "kafka.librdkafka", default: []) {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw CLIError("kafka.librdkafka entry must be key=value: \(parts.first ?? "")") }
            properties[parts[0]] = parts[1]
        }
        for (key, property) in [
            ("kafka.securityProtocol", "security.protocol"), ("kafka.saslMechanism", "sasl.mechanisms"),
            ("kafka.saslUsername", "sasl.username"),
        ] {
            let value = config.string(forKey: ConfigKey(key), default: "")
            if !value.isEmpty { properties[property] = value }
        }
        if let password = try secret("kafka.saslPassword", in: config) { properties["sasl.password"] = password }
        let kafka = KafkaConfiguration(
            bootstrapServers: options.bootstrap ?? config.string(forKey: "kafka.bootstrap", default: "127.0.0.1:9092"),
            clientID: config.string(forKey: "kafka.clientId", default: "pension"),
            properties: properties
        )
        let townships = try TownshipCatalog(decoding: files.data("townships.json"))
        let plan = try PartitionPlan(decoding: files.data("partition-plan.json"), townships: townships)
        let topics = try TopicCatalog(decoding: files.data("topics.json"))
        try topics.checkPartitions(matching: plan)
        return AppContext(
            config: config, kafka: kafka, replication: Int32(config.int(forKey: "kafka.replication", default: 1)),
            topics: topics, townships: townships, plan: plan, files: files,
            store: try storeLocation(config), storePassword: try secret("store.password", in: config), logger: logger
        )
    }

    private static func storeLocation(_ config: ConfigReader) throws -> StoreLocation {
        if let path = ProcessInfo.processInfo.environment["STORE_PATH"] {
            throw CLIError("STORE_PATH is replaced by STORE_URL: set STORE_URL=sqlite:\(path)")
        }
        do {
            return try StoreLocation(parsing: config.string(forKey: "store.url", default: "sqlite:var/pension.sqlite"))
        } catch let error as StoreLocationError {
            throw CLIError(error.description)
        }
    }

    /// A secret setting: its value (`KEY`, e.g. env `STORE_PASSWORD`), else the contents of the file `KEYFile`
    /// names (env `STORE_PASSWORD_FILE`, as mounted by Docker or Kubernetes secrets) without the final newline;
    /// `nil` when neither is set. The value is never logged.
    static func secret(_ key: String, in config: ConfigReader) throws -> String? {
        let value = config.string(forKey: ConfigKey(key), isSecret: true, default: "")
        if !value.isEmpty { return value }
        let path = config.string(forKey: ConfigKey(key + "File"), default: "")
        guard !path.isEmpty else { return nil }
        guard let contents = FileManager.default.contents(atPath: path), let text = String(data: contents, encoding: .utf8)
        else { throw CLIError("\(key)File: cannot read \(path)") }
        let secret = text.trimmingCharacters(in: .newlines)
        guard !secret.isEmpty else { throw CLIError("\(key)File: \(path) is empty") }
        return secret
    }

    private static func bootstrapLogging(label: String, level: String) -> Logger {
        let parsed = Logger.Level(rawValue: level.lowercased()) ?? .info
        LoggingSystem.bootstrap { name in
            var handler = StreamLogHandler.standardError(label: name)
            handler.logLevel = parsed
            return handler
        }
        return Logger(label: label)
    }
}

/// A problem an operator can fix, printed without a stack trace.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A value the configuration must provide; its absence is an operator-fixable error.
func require<T>(_ value: T?, _ what: @autoclosure () -> String = "a configured topic") throws -> T {
    guard let value else { throw CLIError("missing \(what())") }
    return value
}
