import ArgumentParser
import Configuration
import Foundation
import PensionStore
import PensionDomain

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show the configuration in effect.",
        subcommands: [Show.self]
    )

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every setting with its value and where it comes from (environment, file, built in); secrets "
                + "redacted. Then where each other configuration file comes from."
        )
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            var options = options
            options.logLevel = options.logLevel ?? "error"
            let context = try await options.load("pension.config")
            let environment = ProcessInfo.processInfo.environment
            let file = context.files.path("pension.json")
            var fileValues: [AbsoluteConfigKey: ConfigValue] = [:]
            if file != nil {
                try JSONDecoder().decode(JSON.self, from: try context.files.data("pension.json")).flatten(at: [], into: &fileValues)
            }
            for (key, builtIn) in try ConfigFiles.builtIn().sorted(by: { Self.name($0.key) < Self.name($1.key) }) {
                let name = Self.name(key)
                let variable = Self.environmentName(name)
                let (value, source) = if let text = environment[variable] {
                    (text, "env \(variable)")
                } else if let value = fileValues[key] {
                    (Self.text(value.content), file ?? "file")
                } else {
                    (Self.text(builtIn.content), "built-in")
                }
                print("\(name) = \(Self.redacted(key: name, value))   (\(source))")
            }
            if let bootstrap = options.bootstrap { print("kafka.bootstrap overridden by --bootstrap: \(bootstrap)") }
            print("")
            for name in BuiltInConfiguration.files.keys.sorted() where name != "pension.json" {
                print("\(name): \(context.files.source(name))")
            }
        }

        static func name(_ key: AbsoluteConfigKey) -> String { key.components.joined(separator: ".") }

        /// A value as text; a list comma-separated, as its environment variable takes it.
        static func text(_ content: ConfigContent) -> String {
            switch content {
            case .string(let text): text.isEmpty ? "\"\"" : text
            case .int(let number): String(number)
            case .double(let number): String(number)
            case .bool(let flag): String(flag)
            case .stringArray(let texts): texts.isEmpty ? "(none)" : texts.joined(separator: ",")
            case .intArray(let numbers): numbers.map(String.init).joined(separator: ",")
            default: "\(content)"
            }
        }

        /// The environment variable of a key, as swift-configuration encodes it: `worker.maxBatchSize` →
        /// `WORKER_MAX_BATCH_SIZE`.
        static func environmentName(_ key: String) -> String {
            key.split(separator: ".").map { part in
                part.reduce(into: "") { name, character in
                    if character.isUppercase { name += "_" }
                    name += character.uppercased()
                }
            }.joined(separator: "_")
        }

        /// A value with its secrets as `***`: the whole value when the key names a password, secret or token, else
        /// each `name=value` entry whose name does (librdkafka properties such as `sasl.password`).
        static func redacted(key: String, _ value: String) -> String {
            if key == "store.url" { return StoreLocation.redactingPassword(value) }
            if isSecret(key) && !value.isEmpty { return "***" }
            return value.split(separator: ",", omittingEmptySubsequences: false).map { redacted(String($0)) }
                .joined(separator: ",")
        }

        static func redacted(_ entry: String) -> String {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, isSecret(parts[0]) else { return entry }
            return parts[0] + "=***"
        }

        /// A name of a secret's value; `…File` settings name a file, which is shown.
        static func isSecret(_ name: String) -> Bool {
            !name.hasSuffix("File") && ["password", "secret", "token"].contains(where: name.lowercased().contains)
        }
    }
}
