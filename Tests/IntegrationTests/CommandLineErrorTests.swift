import Foundation
import PensionTestSupport
import Testing

/// The built `pension` executable answers operator mistakes with one plain line.
@Suite("Command-line errors")
struct CommandLineErrorTests {
    /// Runs the executable; its exit status and standard error.
    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = try WorkerProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = PipelineFixture.repositoryConfig.deletingLastPathComponent()
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test("a missing input file is one line naming it", arguments: [
        ["household", "load", "/nonexistent/register.csv"], ["publish", "/nonexistent/register.csv"],
    ])
    func missingFile(_ arguments: [String]) throws {
        let (status, errors) = try Self.run(arguments + ["--log-level", "error"])
        #expect(status == 1)
        #expect(errors == "Error: no such file: /nonexistent/register.csv\n")
    }
}

/// `pension config show` and the check of the settings file.
@Suite("Configuration")
struct ConfigurationCommandTests {
    /// Runs the executable in `folder` with extra environment variables; status and both outputs.
    static func run(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = try WorkerProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        let log = folder.appendingPathComponent("\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = process.standardOutput
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    @Test("every setting with its source; secrets redacted; an unknown setting in the file is refused")
    func showAndCheck() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("config"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try #"{"worker": {"maxBatchSize": 250}}"#.write(
            to: folder.appendingPathComponent("config/pension.json"), atomically: true, encoding: .utf8)
        let (status, output) = try Self.run(["config", "show"], in: folder, environment: [
            "KAFKA_LIBRDKAFKA": "security.protocol=SASL_SSL,sasl.password=hunter2", "LOG_LEVEL": "error",
        ])
        #expect(status == 0, "\(output)")
        let line = output.split(separator: "\n").first { $0.hasPrefix("worker.maxBatchSize = ") }
        #expect(line.map { $0.hasPrefix("worker.maxBatchSize = 250   (") && $0.hasSuffix("/config/pension.json)") } == true)
        #expect(output.contains("kafka.librdkafka = security.protocol=SASL_SSL,sasl.password=***   (env KAFKA_LIBRDKAFKA)"))
        #expect(output.contains("store.url = sqlite:var/pension.sqlite   (built-in)"))
        #expect(output.contains("topics.json: built-in topics.json"))
        #expect(!output.contains("hunter2"))

        try #"{"worker": {"maxBatchSise": 250}}"#.write(
            to: folder.appendingPathComponent("config/pension.json"), atomically: true, encoding: .utf8)
        let (refused, message) = try Self.run(["config", "show"], in: folder)
        #expect(refused == 1)
        #expect(message.contains("unknown setting worker.maxBatchSise in "), "\(message)")
    }

    @Test("secrets come from the environment or a file, are redacted in config show and never printed")
    func secrets() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try #require(URLComponents(string: try TestStores.postgresURL(schema: "unused")))
        let password = try #require(server.password)
        let file = folder.appendingPathComponent("store_password")
        try (password + "\n").write(to: file, atomically: true, encoding: .utf8)
        let schema = "t_secrets_\(UUID().uuidString.prefix(8).lowercased())"
        let url = "postgres://\(server.user!)@\(server.host!):\(server.port!)\(server.path)?schema=\(schema)&sslmode=disable"

        let (shown, output) = try Self.run(["config", "show"], in: folder, environment: [
            "STORE_URL": "postgres://pension:inline-pw@db:5432/pension", "STORE_PASSWORD_FILE": file.path,
            "KAFKA_SASL_PASSWORD": "hunter2", "LOG_LEVEL": "error",
        ])
        #expect(shown == 0, "\(output)")
        #expect(output.contains("store.url = postgres://pension:***@db:5432/pension   (env STORE_URL)"))
        #expect(output.contains("store.passwordFile = \(file.path)   (env STORE_PASSWORD_FILE)"))
        #expect(output.contains("kafka.saslPassword = ***   (env KAFKA_SASL_PASSWORD)"))
        #expect(!output.contains("hunter2") && !output.contains("inline-pw") && !output.contains(password))

        // The password from the file opens the database; the command works from a folder without the repository.
        let (opened, counters) = try Self.run(["dlq", "list"], in: folder, environment: [
            "STORE_URL": url, "STORE_PASSWORD_FILE": file.path, "LOG_LEVEL": "error",
        ])
        #expect(opened == 0, "\(counters)")

        try "wrong-password\n".write(to: file, atomically: true, encoding: .utf8)
        let (refused, message) = try Self.run(["dlq", "list"], in: folder, environment: [
            "STORE_URL": url, "STORE_PASSWORD_FILE": file.path, "LOG_LEVEL": "error",
        ])
        #expect(refused != 0)
        #expect(message.contains("PostgreSQL"), "\(message)")
        #expect(!message.contains("wrong-password") && !message.contains(password))

        let (missing, missingMessage) = try Self.run(["dlq", "list"], in: folder, environment: [
            "STORE_URL": url, "STORE_PASSWORD_FILE": folder.appendingPathComponent("absent").path, "LOG_LEVEL": "error",
        ])
        #expect(missing == 1)
        #expect(missingMessage.contains("store.passwordFile: cannot read"), "\(missingMessage)")

        let (bad, badMessage) = try Self.run(["dlq", "list"], in: folder, environment: [
            "STORE_URL": "mysql://x", "LOG_LEVEL": "error",
        ])
        #expect(bad == 1)
        #expect(badMessage.contains("store.url must start with sqlite: or postgres://"), "\(badMessage)")
    }
}
